package io.mailsov.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailsov.store.Warehouse;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every view's numbers on the hand-written {@link ViewFixture}, against figures worked out by hand
 * from its rows (the comments show the sums). The latest scan, s2, has 14 domains:
 *
 * <pre>
 * municipality  m1 microsoft 100   m2 microsoft 60 behind filter-nl   m3 google 30
 *               m4 transip 100 behind mimecast   m5 self 100   m6 self 90
 * water         w1 kpn 100   w2 google 100   w3 timeout/unknown   w4 lame_delegation/unknown
 * (none)        n1 nxdomain/none (null sector)   n2 proofpoint gateway only 50 ('' sector)
 *               n3 no_mx/none ('  ' sector)
 * harbour       h1 null_mx/none (a sector with no mail at all)
 * </pre>
 */
class ViewsTest {
  private static SparkSession spark;
  private static Warehouse warehouse;

  @BeforeAll
  static void fixture() {
    spark = ViewFixture.spark();
    warehouse = new Warehouse(spark, ViewFixture.warehouse());
    registerLatest();
  }

  /** Tests that select another scan or time call this when done. */
  private static void registerLatest() {
    Views.register(spark, warehouse, null, null, ViewFixture.catalogue());
  }

  @Test
  void sectorShareCountsEveryCategoryPerSectorWithTheTotalRowAndEmptySectorsAsNone() {
    // (all): 14 domains; 2/14 = 14.3%, 3/14 = 21.4%, 1/14 = 7.1%. Null, '' and '  ' sectors are
    // one '(none)' sector of 3; unknown statuses (timeout, lame_delegation) count as unknown.
    assertThat(rows("SELECT * FROM sector_share ORDER BY sector, category"))
        .containsExactly(
            "(all),google,2,14,14.3",
            "(all),microsoft,2,14,14.3",
            "(all),national,2,14,14.3",
            "(all),none,3,14,21.4",
            "(all),other_us,1,14,7.1",
            "(all),self_hosted,2,14,14.3",
            "(all),unknown,2,14,14.3",
            "(none),none,2,3,66.7",
            "(none),other_us,1,3,33.3",
            "harbour,none,1,1,100.0",
            "municipality,google,1,6,16.7",
            "municipality,microsoft,2,6,33.3",
            "municipality,national,1,6,16.7",
            "municipality,self_hosted,2,6,33.3",
            "water,google,1,4,25.0",
            "water,national,1,4,25.0",
            "water,unknown,2,4,50.0");
    assertThat(
            rows(
                "SELECT sum(domains) FROM sector_share WHERE sector <> '(all)'"
                    + " UNION ALL SELECT sum(domains) FROM sector_share WHERE sector = '(all)'"))
        .as("the total row adds up the sectors")
        .containsExactly("14", "14");
  }

  @Test
  void reportPivotsSectorShareWithZeroForAbsentCategories() {
    List<List<Object>> wide = new Report(spark).sectorShareWide().rows();
    List<String> text = new ArrayList<>();
    wide.forEach(r -> text.add(join(r)));
    // Columns: sector, domains, then microsoft google other_us national eu other_foreign
    // self_hosted none unknown; largest sectors first, the total row last.
    assertThat(text)
        .containsExactly(
            "municipality,6,33.3,16.7,0.0,16.7,0.0,0.0,33.3,0.0,0.0",
            "water,4,0.0,25.0,0.0,25.0,0.0,0.0,0.0,0.0,50.0",
            "(none),3,0.0,0.0,33.3,0.0,0.0,0.0,0.0,66.7,0.0",
            "harbour,1,0.0,0.0,0.0,0.0,0.0,0.0,0.0,100.0,0.0",
            "(all),14,14.3,14.3,7.1,14.3,0.0,0.0,14.3,21.4,14.3");
  }

  @Test
  void providerShareRanksTiesEqually() {
    // 3 no-mail domains (n1, n3, h1); four operators with 2 share rank 2; three with 1 rank 6.
    assertThat(
            rows(
                "SELECT rank, provider, domains, share_pct, us_jurisdiction, category"
                    + " FROM provider_share ORDER BY rank, provider"))
        .containsExactly(
            "1,(no mail),3,21.4,false,none",
            "2,(unidentified),2,14.3,false,unknown",
            "2,google,2,14.3,true,google",
            "2,microsoft,2,14.3,true,microsoft",
            "2,self,2,14.3,false,self_hosted",
            "6,kpn,1,7.1,false,national",
            "6,proofpoint,1,7.1,true,other_us",
            "6,transip,1,7.1,false,national");
  }

  @Test
  void jurisdictionExposurePerSectorAndBySignalStrength() {
    // Mail domains (category not none): municipality 6, water 4 (two unknown stay in the
    // denominator), (none) 1 (n2), harbour 0 (no row). US: m1 100 strong, m2 60 medium, m3 30
    // weak, w2 100 strong, n2 50 medium. (all): 5/11 = 45.5%, strong 2/11 = 18.2%.
    assertThat(rows("SELECT * FROM jurisdiction_exposure ORDER BY sector"))
        .containsExactly(
            "(all),11,5,45.5,2,2,1,18.2",
            "(none),1,1,100.0,0,1,0,0.0",
            "municipality,6,3,50.0,1,1,1,16.7",
            "water,4,1,25.0,1,0,0,25.0");
  }

  @Test
  void concentrationCountsEachSelfHostedDomainAsItsOwnOperatorAndIgnoresTiesAtThirdPlace() {
    // municipality: microsoft 2, google 1, transip 1, self:m5 1, self:m6 1 of 6:
    //   HHI = (200/6)^2 + 4 * (100/6)^2 = 1111.1 + 1111.1 = 2222; top 3 = 2/6 + 1/6 + 1/6 = 66.7
    //   (four operators tie for second place; any two of them give the same share).
    // water: kpn 1, google 1: HHI 2 * 50^2 = 5000; top 3 = 100. (none): proofpoint alone: 10000.
    // (all): microsoft 2, google 2, transip, kpn, proofpoint, self:m5, self:m6 of 9:
    //   HHI = 2 * (200/9)^2 + 5 * (100/9)^2 = 987.7 + 617.3 = 1605; top 3 = 5/9 = 55.6.
    assertThat(rows("SELECT * FROM concentration ORDER BY sector"))
        .containsExactly(
            "(all),9,7,1605,55.6",
            "(none),1,1,10000,100.0",
            "municipality,6,5,2222,66.7",
            "water,2,2,5000,100.0");
  }

  @Test
  void hiddenBehindGatewayNamesTheGatewaysCountryAndWhetherItWasLookedThrough() {
    assertThat(
            rows(
                "SELECT domain, gateway, gateway_country, gateway_us_jurisdiction, provider,"
                    + " category, looked_through FROM hidden_behind_gateway ORDER BY domain"))
        .containsExactly(
            "m2.nl,filter-nl,NL,false,microsoft,microsoft,true",
            "m4.nl,mimecast,GB,false,transip,national,true",
            "n2.nl,proofpoint,US,true,proofpoint,other_us,false");
    assertThat(
            rows(
                "SELECT count(*) FROM hidden_behind_gateway"
                    + " WHERE provider = 'microsoft' AND gateway_country = 'NL'"))
        .as("Microsoft behind a Dutch gateway")
        .containsExactly("1");
  }

  @Test
  void footprintLooksUpDnsAndWebJurisdictionInTheCatalogue() {
    assertThat(
            rows(
                "SELECT organization, domain, sector, mail_provider, mail_us, dns_provider, dns_us,"
                    + " web_provider, web_us, any_us FROM footprint ORDER BY domain"))
        .containsExactly(
            "Haven 1,h1.nl,harbour,null,false,null,null,null,null,null",
            "m1.nl,m1.nl,municipality,microsoft,true,cloudflare,true,null,null,true",
            "m2.nl,m2.nl,municipality,microsoft,true,transip,false,cloudflare,true,true",
            "Gemeente C,m3.nl,municipality,google,true,null,null,null,null,true",
            "Gemeente D,m4.nl,municipality,transip,false,transip,false,transip,false,false",
            "Gemeente E,m5.nl,municipality,self,false,self,false,null,null,null",
            "Gemeente E,m6.nl,municipality,self,false,self,false,gone-provider,null,null",
            "Stichting 1,n1.nl,(none),null,false,null,null,null,null,null",
            "Stichting 2,n2.nl,(none),proofpoint,true,null,null,null,null,true",
            "Stichting 3,n3.nl,(none),null,false,transip,false,transip,false,false",
            "Waterschap 1,w1.nl,water,kpn,false,transip,false,null,null,null",
            "Waterschap 2,w2.nl,water,google,true,cloudflare,true,null,null,true",
            "Waterschap 3,w3.nl,water,null,null,null,null,null,null,null",
            "Waterschap 4,w4.nl,water,null,null,cloudflare,true,null,null,true");
    assertThat(
            rows(
                "SELECT mail_jurisdiction, dns_jurisdiction, web_jurisdiction FROM footprint"
                    + " WHERE domain = 'm2.nl'"))
        .containsExactly("US,NL,US");
  }

  @Test
  void footprintShareCountsUsOperatorsPerSector() {
    // any_us: m1 m2 m3 (municipality), w2 w4 (water; w4's mail is unknown but its DNS is US),
    // n2 ((none)): 6 of 14 = 42.9%.
    assertThat(rows("SELECT * FROM footprint_share ORDER BY sector"))
        .containsExactly(
            "(all),14,5,3,1,6,42.9",
            "(none),3,1,0,0,1,33.3",
            "harbour,1,0,0,0,0,0.0",
            "municipality,6,3,1,1,3,50.0",
            "water,4,1,2,0,2,50.0");
  }

  @Test
  void changesListOnlyDomainsWhoseProviderOrCategoryMovedAndIgnoreUnrecordedScans() {
    // m1 google -> microsoft; m4 kpn -> transip (both national); m6 unknown (no provider) ->
    // self. w3 is unknown with no provider in both scans: no change. gone*.nl and h1.nl are in
    // one scan only. The 'dead' scan (no scans row) would add m1 microsoft -> kpn.
    assertThat(
            rows(
                "SELECT from_scan_id, to_scan_id, domain, from_provider, to_provider,"
                    + " from_category, to_category FROM changes ORDER BY domain"))
        .containsExactly(
            "s1,s2,m1.nl,google,microsoft,google,microsoft",
            "s1,s2,m4.nl,kpn,transip,national,national",
            "s1,s2,m6.nl,null,self,unknown,self_hosted");
  }

  @Test
  void migrationMatrixCountsEveryDomainOfBothScansOnce() {
    // The 13 domains in both s1 and s2, by category before and after.
    assertThat(rows("SELECT * FROM migration_matrix ORDER BY from_category, to_category"))
        .containsExactly(
            "s1,s2,google,google,2",
            "s1,s2,google,microsoft,1",
            "s1,s2,microsoft,microsoft,1",
            "s1,s2,national,national,2",
            "s1,s2,none,none,2",
            "s1,s2,other_us,other_us,1",
            "s1,s2,self_hosted,self_hosted,1",
            "s1,s2,unknown,self_hosted,1",
            "s1,s2,unknown,unknown,2");
    assertThat(rows("SELECT sum(domains) FROM migration_matrix")).containsExactly("13");
  }

  @Test
  void latestResultsAndScanResultsFollowTheSelectedScan() {
    assertThat(rows("SELECT scan_id, count(*) FROM latest_results GROUP BY scan_id"))
        .containsExactly("s2,14");
    try {
      selectedScanOne();
    } finally {
      registerLatest();
    }
  }

  private static void selectedScanOne() {
    Views.register(spark, warehouse, "s1", null, ViewFixture.catalogue());
    assertThat(rows("SELECT scan_id, count(*) FROM scan_results GROUP BY scan_id"))
        .containsExactly("s1,15");
    assertThat(rows("SELECT scan_id, count(*) FROM latest_results GROUP BY scan_id"))
        .containsExactly("s2,14");
    // s1: water has w1-w4 and gone, gone2 (microsoft): 1 microsoft of 6.
    assertThat(
            rows(
                "SELECT domains, share_pct FROM sector_share WHERE sector = 'water'"
                    + " AND category = 'microsoft'"))
        .containsExactly("1,16.7");
  }

  @Test
  void aScanWithoutItsScansRowCannotBeSelected() {
    assertThatThrownBy(() -> Views.register(spark, warehouse, "dead", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No recorded scan with id 'dead'");
  }

  @Test
  void asOfAVersionOfScansReadsEveryTableAsItWasThen() {
    try {
      asOf();
    } finally {
      registerLatest();
    }
  }

  private static void asOf() {
    Views.register(spark, warehouse, null, "0", ViewFixture.catalogue());
    assertThat(rows("SELECT scan_id FROM scans")).containsExactly("s1");
    assertThat(rows("SELECT DISTINCT scan_id FROM domain_results")).containsExactly("s1");
    assertThat(rows("SELECT DISTINCT scan_id FROM scan_results")).containsExactly("s1");

    String second = warehouse.commitTimestamp("scans", 1);
    Views.register(spark, warehouse, null, second, ViewFixture.catalogue());
    assertThat(rows("SELECT DISTINCT scan_id FROM domain_results ORDER BY scan_id"))
        .as("as of %s: the dead scan's rows came later", second)
        .containsExactly("s1", "s2");
    assertThat(rows("SELECT count(*) FROM rejects"))
        .as("rejects as of %s", second)
        .containsExactly("1");

    // The latest version of scans is later than the last commit of rejects.
    Views.register(spark, warehouse, null, "1", ViewFixture.catalogue());
    assertThat(rows("SELECT DISTINCT scan_id FROM domain_results ORDER BY scan_id"))
        .containsExactly("s1", "s2");

    assertThatThrownBy(() -> Views.register(spark, warehouse, null, "2000-01-01 00:00:00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its first version was committed at");
    assertThatThrownBy(() -> Views.register(spark, warehouse, null, "last tuesday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid --as-of 'last tuesday'");
    assertThatThrownBy(() -> Views.register(spark, warehouse, null, "7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no version 7");

    Views.register(spark, warehouse, null, null, ViewFixture.catalogue());
    assertThat(rows("SELECT DISTINCT scan_id FROM domain_results ORDER BY scan_id"))
        .containsExactly("dead", "s1", "s2");
  }

  private static List<String> rows(String sql) {
    List<String> out = new ArrayList<>();
    for (Row r : spark.sql(sql).collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        values.add(r.get(i));
      }
      out.add(join(values));
    }
    return out;
  }

  private static String join(List<Object> values) {
    List<String> text = new ArrayList<>();
    values.forEach(v -> text.add(String.valueOf(v)));
    return String.join(",", text);
  }
}
