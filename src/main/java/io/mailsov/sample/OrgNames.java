package io.mailsov.sample;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Plausible Dutch organisation names and the domain labels organisations derive from them.
 *
 * <p>Everything is ASCII (Fryslan, Financien) so the sample exercises no IDN handling by accident;
 * no pool holds a digit, so a label with a number appended never equals another label. A few names
 * carry a comma or a double quote to exercise CSV quoting.
 */
final class OrgNames {
  /** An organisation's display name and the label of its registered domain (no TLD). */
  record Org(String name, String label) {}

  /** Longest label a name may give; leaves room for a "-NNNNNNN" uniqueness suffix. */
  static final int MAX_BASE_LABEL = 50;

  private static final List<String> PLACES =
      List.of(
          "Amsterdam",
          "Rotterdam",
          "Den Haag",
          "Utrecht",
          "Eindhoven",
          "Groningen",
          "Tilburg",
          "Almere",
          "Breda",
          "Nijmegen",
          "Apeldoorn",
          "Haarlem",
          "Arnhem",
          "Enschede",
          "Amersfoort",
          "Zaanstad",
          "Haarlemmermeer",
          "Den Bosch",
          "Zwolle",
          "Zoetermeer",
          "Leiden",
          "Maastricht",
          "Dordrecht",
          "Ede",
          "Alphen aan den Rijn",
          "Westland",
          "Alkmaar",
          "Emmen",
          "Delft",
          "Venlo",
          "Deventer",
          "Sittard-Geleen",
          "Helmond",
          "Oss",
          "Amstelveen",
          "Hilversum",
          "Sudwest-Fryslan",
          "Heerlen",
          "Hengelo",
          "Purmerend",
          "Schiedam",
          "Lelystad",
          "Roosendaal",
          "Leeuwarden",
          "Almelo",
          "Gouda",
          "Vlaardingen",
          "Hoorn",
          "Assen",
          "Velsen",
          "Bergen op Zoom",
          "Capelle aan den IJssel",
          "Veenendaal",
          "Katwijk",
          "Zeist",
          "Nieuwegein",
          "Roermond",
          "Den Helder",
          "Doetinchem",
          "Hoogeveen",
          "Terneuzen",
          "Kampen",
          "Woerden",
          "Houten",
          "Weert",
          "Barneveld",
          "Dijk en Waard",
          "Smallingerland",
          "Middelburg",
          "Vlissingen",
          "Harderwijk",
          "Zutphen",
          "Goes",
          "Meppel",
          "Tiel",
          "Culemborg",
          "Wageningen",
          "Gooise Meren",
          "Epe",
          "Nunspeet",
          "Elburg",
          "Harlingen",
          "Heerenveen",
          "Winterswijk",
          "Oldenzaal",
          "Rijssen-Holten",
          "Steenwijkerland",
          "Noordoostpolder",
          "Urk",
          "Dronten",
          "Zeewolde",
          "Texel",
          "Schagen",
          "Medemblik",
          "Enkhuizen",
          "Edam-Volendam",
          "Waterland",
          "Diemen",
          "Ouder-Amstel",
          "Uithoorn",
          "Aalsmeer",
          "Bloemendaal",
          "Heemstede",
          "Zandvoort",
          "Noordwijk",
          "Lisse",
          "Hillegom",
          "Teylingen",
          "Oegstgeest",
          "Wassenaar",
          "Leidschendam-Voorburg",
          "Rijswijk",
          "Pijnacker-Nootdorp",
          "Lansingerland",
          "Ridderkerk",
          "Barendrecht",
          "Albrandswaard",
          "Nissewaard",
          "Voorne aan Zee",
          "Goeree-Overflakkee",
          "Hoeksche Waard",
          "Gorinchem",
          "Molenlanden",
          "Zwijndrecht",
          "Papendrecht",
          "Sliedrecht",
          "Oosterhout",
          "Waalwijk",
          "Dongen",
          "Gilze en Rijen",
          "Etten-Leur",
          "Moerdijk",
          "Halderberge",
          "Steenbergen",
          "Woensdrecht",
          "Reimerswaal",
          "Borsele",
          "Veere",
          "Schouwen-Duiveland",
          "Sluis",
          "Hulst",
          "Valkenswaard",
          "Veldhoven",
          "Best",
          "Son en Breugel",
          "Nuenen",
          "Geldrop-Mierlo",
          "Deurne",
          "Asten",
          "Someren",
          "Uden",
          "Meierijstad",
          "Boxtel",
          "Vught",
          "Heusden",
          "Oisterwijk",
          "Goirle",
          "Venray",
          "Horst aan de Maas",
          "Peel en Maas",
          "Echt-Susteren",
          "Kerkrade",
          "Landgraaf",
          "Brunssum",
          "Valkenburg aan de Geul",
          "Eijsden-Margraten",
          "Gulpen-Wittem",
          "Vaals",
          "Stein",
          "Beek",
          "Meerssen");

  /** How many of the first {@link #PLACES} are large enough to host a university. */
  private static final int LARGER_CITIES = 24;

  private static final List<String> PROVINCES =
      List.of(
          "Groningen",
          "Fryslan",
          "Drenthe",
          "Overijssel",
          "Flevoland",
          "Gelderland",
          "Utrecht",
          "Noord-Holland",
          "Zuid-Holland",
          "Zeeland",
          "Noord-Brabant",
          "Limburg");

  /** Ministry names with the acronyms their domains use. */
  private static final List<Org> MINISTRIES =
      List.of(
          new Org("Ministerie van Financien", "minfin"),
          new Org("Ministerie van Buitenlandse Zaken", "minbuza"),
          new Org("Ministerie van Defensie", "defensie"),
          new Org("Ministerie van Justitie en Veiligheid", "minjenv"),
          new Org("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "minbzk"),
          new Org("Ministerie van Economische Zaken", "minez"),
          new Org("Ministerie van Onderwijs, Cultuur en Wetenschap", "minocw"),
          new Org("Ministerie van Volksgezondheid, Welzijn en Sport", "minvws"),
          new Org("Ministerie van Infrastructuur en Waterstaat", "minienw"),
          new Org("Ministerie van Sociale Zaken en Werkgelegenheid", "minszw"),
          new Org("Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur", "minlvvn"),
          new Org("Ministerie van Klimaat en Groene Groei", "minkgg"),
          new Org("Ministerie van Volkshuisvesting en Ruimtelijke Ordening", "minvro"),
          new Org("Ministerie van Asiel en Migratie", "minaenm"));

  private static final List<String> AGENCY_KINDS =
      List.of(
          "Rijksdienst voor",
          "Dienst",
          "Autoriteit",
          "Inspectie",
          "Agentschap",
          "Nationaal Instituut voor",
          "Centraal Bureau voor",
          "Kenniscentrum");

  private static final List<String> AGENCY_TOPICS =
      List.of(
          "Ondernemend Nederland",
          "Wegverkeer",
          "Persoonsgegevens",
          "Consument en Markt",
          "Financiele Markten",
          "Nucleaire Veiligheid",
          "Cultureel Erfgoed",
          "Statistiek",
          "Toeslagen",
          "Werknemersverzekeringen",
          "Justitiele Informatie",
          "Vastgoed",
          "Waterbeheer",
          "Luchtvaart",
          "Scheepvaart",
          "Voedsel en Waren",
          "Gezondheidszorg",
          "Onderwijs",
          "Kadaster",
          "Geologie",
          "Meteorologie",
          "Milieu",
          "Archieven",
          "Sport",
          "Landbouw",
          "Visserij",
          "Infrastructuur",
          "Migratie",
          "Defensiematerieel",
          "Digitale Overheid",
          "Cyberveiligheid",
          "Rampenbestrijding");

  private static final List<String> WATER_REGIONS =
      List.of(
          "Rijn en IJssel",
          "Vallei en Veluwe",
          "Aa en Maas",
          "De Dommel",
          "Brabantse Delta",
          "Limburg",
          "Hunze en Aas",
          "Noorderzijlvest",
          "Drents Overijsselse Delta",
          "Vechtstromen",
          "Zuiderzeeland",
          "Rivierenland",
          "Hollandse Delta",
          "Scheldestromen",
          "Amstel Gooi en Vecht",
          "Delfland",
          "Rijnland",
          "Schieland en de Krimpenerwaard",
          "Hollands Noorderkwartier",
          "De Stichtse Rijnlanden",
          "Fryslan");

  private static final List<String> REGIONS =
      List.of(
          "Noord-Holland Noord",
          "Hollands Midden",
          "Gelderland-Zuid",
          "Twente",
          "IJsselland",
          "Drenthe",
          "Groningen",
          "Fryslan",
          "Zeeland",
          "Limburg-Noord",
          "Zuid-Limburg",
          "Brabant-Zuidoost",
          "Hart voor Brabant",
          "West-Brabant",
          "Kennemerland",
          "Rotterdam-Rijnmond",
          "Haaglanden",
          "Utrecht",
          "Flevoland",
          "Gooi en Vechtstreek",
          "Zaanstreek-Waterland",
          "Noord- en Oost-Gelderland",
          "Zuid-Holland Zuid",
          "Veluwe");

  private static final List<String> SURNAMES =
      List.of(
          "Jansen",
          "de Vries",
          "van den Berg",
          "Bakker",
          "Visser",
          "Smit",
          "Meijer",
          "de Boer",
          "Mulder",
          "de Groot",
          "Bos",
          "Vos",
          "Peters",
          "Hendriks",
          "van Leeuwen",
          "Dekker",
          "Brouwer",
          "de Wit",
          "Dijkstra",
          "Smits",
          "de Graaf",
          "van der Meer",
          "Kok",
          "Verhoeven",
          "van Dijk",
          "Koster",
          "Prins",
          "Blom",
          "Huisman",
          "Kuipers",
          "Willems",
          "Schouten",
          "Post",
          "Kramer",
          "van Wijk",
          "Timmermans",
          "Hoekstra",
          "Wouters");

  private static final List<String> BRAND_WORDS =
      List.of(
          "Noord",
          "Delta",
          "Polder",
          "Oranje",
          "Lage Landen",
          "Holland",
          "Rijnmond",
          "Kempen",
          "Veluwe",
          "Twente",
          "Brabant",
          "Zeeuwse",
          "Hanze",
          "Dijk",
          "Molen",
          "Tulp",
          "Kroon",
          "Anker",
          "Horizon",
          "Duin",
          "Wadden",
          "Kustlijn",
          "Eiland",
          "Meander",
          "Vallei");

  private static final List<String> INDUSTRIES =
      List.of(
          "Logistiek",
          "Bouw",
          "Installatietechniek",
          "Transport",
          "Voeding",
          "Chemie",
          "Staal",
          "Verzekeringen",
          "Bankiers",
          "Retail",
          "Techniek",
          "Vastgoed",
          "Media",
          "Telecom",
          "Software",
          "Farma",
          "Dranken",
          "Zuivel",
          "Scheepsbouw",
          "Energiehandel",
          "Uitzendgroep",
          "Accountants",
          "Advocaten",
          "Ingenieurs",
          "Elektrotechniek",
          "Kunststoffen",
          "Verpakkingen",
          "Machinebouw",
          "Tuinbouw",
          "Bloemen");

  private static final List<String> COMPANY_FORMS =
      List.of("B.V.", "N.V.", "Groep", "Holding B.V.", "& Zn. B.V.", "International");

  private static final List<String> SCHOOL_NAMES =
      List.of(
          "Erasmus",
          "Spinoza",
          "Comenius",
          "Vincent van Gogh",
          "Rembrandt",
          "Huygens",
          "Thorbecke",
          "Stedelijk",
          "Christelijk",
          "Katholiek",
          "Montessori",
          "Dalton");

  private static final List<String> CARE_WORDS =
      List.of(
          "Linde",
          "Eik",
          "Beuk",
          "Regenboog",
          "Klimop",
          "Wilgen",
          "Horizon",
          "Zonnebloem",
          "Ark",
          "Wegwijzer",
          "Vlinder",
          "Hoeve",
          "Bron",
          "Haven",
          "Akker",
          "Lichtboei");

  private OrgNames() {}

  static Org next(Sector sector, SplittableRandom rng) {
    switch (sector) {
      case MUNICIPALITY:
        return municipality(rng);
      case PROVINCE:
        return province(rng);
      case MINISTRY:
        return pick(MINISTRIES, rng);
      case AGENCY:
        return agency(rng);
      case WATER_BOARD:
        return waterBoard(rng);
      case LARGE_COMPANY:
        return company(rng);
      case VITAL_INFRASTRUCTURE:
        return vital(rng);
      case EDUCATION:
        return education(rng);
      case HEALTHCARE:
        return healthcare(rng);
      default:
        throw new IllegalArgumentException("Invalid sector: " + sector);
    }
  }

  private static Org municipality(SplittableRandom rng) {
    String place = pick(PLACES, rng);
    // Most municipalities own their bare place name; some registered "gemeente<place>".
    String label = rng.nextInt(10) < 7 ? slug(place, false) : "gemeente" + slug(place, false);
    return new Org("Gemeente " + place, label);
  }

  private static Org province(SplittableRandom rng) {
    String province = pick(PROVINCES, rng);
    String label = rng.nextBoolean() ? slug(province, true) : "provincie-" + slug(province, true);
    return new Org("Provincie " + province, label);
  }

  private static Org agency(SplittableRandom rng) {
    String name = pick(AGENCY_KINDS, rng) + " " + pick(AGENCY_TOPICS, rng);
    String label = rng.nextInt(10) < 4 ? acronym(name) : slug(name, true);
    return new Org(name, label);
  }

  private static Org waterBoard(SplittableRandom rng) {
    String region = pick(WATER_REGIONS, rng);
    if (rng.nextInt(3) == 0) {
      return new Org("Hoogheemraadschap van " + region, "hh" + slug(region, false));
    }
    return new Org("Waterschap " + region, "waterschap" + slug(region, false));
  }

  private static Org company(SplittableRandom rng) {
    int shape = rng.nextInt(10);
    if (shape == 0) {
      // "Jansen, de Vries & Partners": a comma that the CSV writer has to quote.
      String first = pick(SURNAMES, rng);
      String second = pick(SURNAMES, rng);
      return new Org(
          first + ", " + second + " & Partners",
          slug(first, false) + slug(second, false) + "partners");
    }
    String owner = shape < 6 ? pick(SURNAMES, rng) : pick(BRAND_WORDS, rng);
    String industry = pick(INDUSTRIES, rng);
    String name = owner + " " + industry + " " + pick(COMPANY_FORMS, rng);
    String label =
        rng.nextBoolean()
            ? slug(owner, false) + slug(industry, false)
            : slug(owner, false) + "-" + slug(industry, false);
    return new Org(name, label);
  }

  private static Org vital(SplittableRandom rng) {
    String region = pick(REGIONS, rng);
    String place = pick(PLACES, rng);
    switch (rng.nextInt(7)) {
      case 0:
        return new Org(region + " Netbeheer", slug(region, false) + "netbeheer");
      case 1:
        return new Org("Waterbedrijf " + region, "waterbedrijf-" + slug(region, true));
      case 2:
        return new Org("Havenbedrijf " + place, "haven" + slug(place, false));
      case 3:
        return new Org("Luchthaven " + place, slug(place, false) + "-airport");
      case 4:
        return new Org(region + " Energie N.V.", slug(region, false) + "energie");
      case 5:
        return new Org("Drinkwater " + region, "drinkwater" + slug(region, false));
      default:
        return new Org("Warmtenet " + place, "warmtenet-" + slug(place, true));
    }
  }

  private static Org education(SplittableRandom rng) {
    String place = pick(PLACES, rng);
    switch (rng.nextInt(6)) {
      case 0:
        return new Org("Hogeschool " + place, "hogeschool-" + slug(place, true));
      case 1:
        // Universities sit in the larger cities, which head the place list.
        String city = PLACES.get(rng.nextInt(LARGER_CITIES));
        return new Org("Universiteit " + city, "u" + slug(city, false));
      case 2:
        return new Org("ROC " + place, "roc" + slug(place, false));
      case 3:
        String school = pick(SCHOOL_NAMES, rng);
        return new Org(
            school + " College " + place, slug(school, false) + "college" + slug(place, false));
      case 4:
        return new Org(
            "Stichting Openbaar Onderwijs " + place, "openbaaronderwijs" + slug(place, false));
      default:
        String word = pick(CARE_WORDS, rng);
        return new Org(
            "Basisschool De " + word + " " + place,
            "obsde" + slug(word, false) + "-" + slug(place, false));
    }
  }

  private static Org healthcare(SplittableRandom rng) {
    String place = pick(PLACES, rng);
    switch (rng.nextInt(6)) {
      case 0:
        return new Org("Ziekenhuis " + place, "ziekenhuis" + slug(place, false));
      case 1:
        return new Org(place + " Medisch Centrum", slug(place, false) + "mc");
      case 2:
        String region = pick(REGIONS, rng);
        return new Org("GGD " + region, "ggd" + slug(region, false));
      case 3:
        String word = pick(CARE_WORDS, rng);
        // A name in double quotes, as care homes often write theirs.
        return new Org(
            "Zorgcentrum \"De " + word + "\" " + place,
            "zorgcentrum-de" + slug(word, false) + "-" + slug(place, false));
      case 4:
        return new Org("Stichting Thuiszorg " + place, "thuiszorg" + slug(place, false));
      default:
        String surname = pick(SURNAMES, rng);
        return new Org(
            "Huisartsenpraktijk " + surname + " " + place,
            "huisarts" + slug(surname, false) + "-" + slug(place, false));
    }
  }

  private static <T> T pick(List<T> list, SplittableRandom rng) {
    return list.get(rng.nextInt(list.size()));
  }

  /** Initials of the capitalised words: "Rijksdienst voor Ondernemend Nederland" gives "rdon". */
  static String acronym(String name) {
    StringBuilder sb = new StringBuilder();
    for (String word : name.split("[ -]+")) {
      if (!word.isEmpty() && Character.isUpperCase(word.charAt(0))) {
        sb.append(Character.toLowerCase(word.charAt(0)));
      }
    }
    return sb.toString();
  }

  /**
   * A name reduced to letters and digits, words joined directly or by hyphens, at most {@link
   * #MAX_BASE_LABEL} characters and never starting or ending with a hyphen (RFC 952 as relaxed by
   * RFC 1123 section 2.1).
   */
  static String slug(String text, boolean hyphenate) {
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(lower.length());
    boolean gap = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (gap && hyphenate && sb.length() > 0) {
          sb.append('-');
        }
        sb.append(c);
        gap = false;
      } else {
        gap = true;
      }
    }
    int end = Math.min(sb.length(), MAX_BASE_LABEL);
    while (end > 0 && sb.charAt(end - 1) == '-') {
      end--;
    }
    return sb.substring(0, end);
  }
}
