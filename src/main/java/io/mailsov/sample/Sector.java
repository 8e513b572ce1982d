package io.mailsov.sample;

import java.util.Locale;

/**
 * The sectors of the broadcaster's list, with the share of the sample each one gets.
 *
 * <p>The shares are rough: many schools, care providers and companies, few ministries and
 * provinces. {@link SampleWorld} tilts them per {@link SampleKind} so that the sector table is not
 * flat (schools use Google more often, ministries run their own servers more often).
 */
enum Sector {
  MUNICIPALITY(0.12),
  PROVINCE(0.01),
  MINISTRY(0.01),
  AGENCY(0.06),
  WATER_BOARD(0.01),
  LARGE_COMPANY(0.35),
  VITAL_INFRASTRUCTURE(0.08),
  EDUCATION(0.18),
  HEALTHCARE(0.18);

  private final double share;

  Sector(double share) {
    this.share = share;
  }

  double share() {
    return share;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** How much more (or less) often a sector turns up among the domains of one kind. */
  double tilt(SampleKind kind) {
    switch (kind) {
      case GOOGLE:
        return this == EDUCATION ? 3.0 : 1.0;
      case SELF_HOSTED:
        return this == MINISTRY || this == AGENCY ? 3.0 : this == VITAL_INFRASTRUCTURE ? 2.0 : 1.0;
      case TRANSIP:
      case HOSTNET:
      case KPN:
        return this == MUNICIPALITY ? 0.5 : this == HEALTHCARE || this == LARGE_COMPANY ? 1.5 : 1.0;
      case PROOFPOINT:
      case PROOFPOINT_MICROSOFT:
      case AMAZON:
        return this == LARGE_COMPANY || this == VITAL_INFRASTRUCTURE ? 3.0 : 1.0;
      default:
        return 1.0;
    }
  }
}
