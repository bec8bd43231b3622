package dev.firebreak.system;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.iban4j.CountryCode;
import org.iban4j.Iban;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A home region of the generated population: its people's names (given and family, in the order the region writes
 * them), where they live, their phone numbers (valid for libphonenumber), their bank accounts (iban4j's IBANs where the
 * country has them, else a domestic number with a real bank's BIC) and their passports' state. The names are common
 * ones of the region, so that the population measures what a common name costs (DESIGN.md "Fairness").
 */
record Region(String code, String alpha3, String zone, String city, boolean familyFirst, String bic,
                     String currency, List<String> given, List<String> family) {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    public static final List<Region> ALL = List.of(
            new Region("GB", "GBR", "Europe/London", "Leeds", false, null, "GBP",
                    List.of("Oliver", "Amelia", "Harry", "Isla", "George", "Emily", "Jack", "Sophie", "Thomas", "Grace"),
                    List.of("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Walker")),
            new Region("US", "USA", "America/Chicago", "Chicago", false, "CHASUS33", "USD",
                    List.of("James", "Mary", "Michael", "Jennifer", "David", "Linda", "Robert", "Ashley", "Daniel", "Megan"),
                    List.of("Johnson", "Miller", "Davis", "Garcia", "Martinez", "Anderson", "Moore", "Jackson", "White", "Harris")),
            new Region("PL", "POL", "Europe/Warsaw", "Kraków", false, null, "PLN",
                    List.of("Piotr", "Anna", "Łukasz", "Katarzyna", "Michał", "Agnieszka", "Krzysztof", "Małgorzata", "Tomasz", "Joanna"),
                    List.of("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski")),
            new Region("UA", "UKR", "Europe/Kyiv", "Lviv", false, null, "UAH",
                    List.of("Oleksandr", "Olena", "Andrii", "Iryna", "Dmytro", "Natalia", "Serhii", "Oksana", "Mykola", "Yulia"),
                    List.of("Melnyk", "Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Oliinyk", "Shevchuk", "Polishchuk", "Lysenko")),
            new Region("IN", "IND", "Asia/Kolkata", "Pune", false, "SBININBB", "INR",
                    List.of("Rahul", "Priya", "Amit", "Sneha", "Vikram", "Anjali", "Arjun", "Pooja", "Rohan", "Kavya"),
                    List.of("Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Joshi", "Mehta")),
            new Region("PK", "PAK", "Asia/Karachi", "Lahore", false, null, "PKR",
                    List.of("Muhammad", "Ayesha", "Ali", "Fatima", "Ahmed", "Sana", "Usman", "Hira", "Bilal", "Zainab"),
                    List.of("Khan", "Ahmed", "Hussain", "Malik", "Qureshi", "Butt", "Sheikh", "Chaudhry", "Raza", "Iqbal")),
            new Region("NG", "NGA", "Africa/Lagos", "Lagos", false, "FBNINGLA", "NGN",
                    List.of("Chinedu", "Ngozi", "Emeka", "Aisha", "Tunde", "Funmilayo", "Ibrahim", "Chioma", "Segun", "Amaka"),
                    List.of("Okafor", "Adeyemi", "Bello", "Okonkwo", "Eze", "Ogunleye", "Nwosu", "Abubakar", "Balogun", "Obi")),
            new Region("PH", "PHL", "Asia/Manila", "Cebu", false, "BOPIPHMM", "PHP",
                    List.of("Jose", "Maria", "Mark", "Kristine", "John Paul", "Angelica", "Carlo", "Jasmine", "Miguel", "Princess"),
                    List.of("Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres", "Villanueva", "Ramos")),
            new Region("VN", "VNM", "Asia/Ho_Chi_Minh", "Hanoi", true, "BFTVVNVX", "VND",
                    List.of("Minh Anh", "Thu Trang", "Duc Anh", "Ngoc Lan", "Quang Huy", "Thanh Huong", "Van Nam", "Thi Mai", "Hoang Long", "Bao Ngoc"),
                    List.of("Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Dang", "Bui")),
            new Region("CN", "CHN", "Asia/Shanghai", "Chengdu", true, "BKCHCNBJ", "CNY",
                    List.of("Wei", "Fang", "Jing", "Lei", "Min", "Yang", "Jun", "Xiaoming", "Li Na", "Hao"),
                    List.of("Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu")),
            new Region("KR", "KOR", "Asia/Seoul", "Busan", true, "KOEXKRSE", "KRW",
                    List.of("Min-jun", "Seo-yeon", "Ji-hoon", "Ji-woo", "Hyun-woo", "Su-bin", "Do-yoon", "Ha-eun", "Jae-won", "Yoon-seo"),
                    List.of("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim")),
            new Region("JP", "JPN", "Asia/Tokyo", "Osaka", true, "BOTKJPJT", "JPY",
                    List.of("Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi", "Yuto", "Sakura", "Kenji", "Yuki"),
                    List.of("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato")),
            new Region("BR", "BRA", "America/Sao_Paulo", "Recife", false, null, "BRL",
                    List.of("João", "Ana", "Gabriel", "Juliana", "Lucas", "Fernanda", "Rafael", "Camila", "Pedro", "Larissa"),
                    List.of("Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Rodrigues", "Almeida", "Carvalho")),
            new Region("MX", "MEX", "America/Mexico_City", "Guadalajara", false, "BNMXMXMM", "MXN",
                    List.of("José Luis", "Guadalupe", "Alejandro", "Mariana", "Fernando", "Sofía", "Luis", "Valeria", "Diego", "Lucía"),
                    List.of("Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez", "Flores")),
            new Region("EG", "EGY", "Africa/Cairo", "Alexandria", false, null, "EGP",
                    List.of("Mohamed", "Fatma", "Ahmed", "Mariam", "Mahmoud", "Nour", "Omar", "Yasmin", "Youssef", "Salma"),
                    List.of("Hassan", "Ibrahim", "Mostafa", "Abdelrahman", "Saleh", "Farouk", "Mansour", "Kamal", "Naguib", "Soliman")),
            new Region("DE", "DEU", "Europe/Berlin", "Leipzig", false, null, "EUR",
                    List.of("Lukas", "Lena", "Jonas", "Hannah", "Felix", "Lea", "Paul", "Marie", "Leon", "Johanna"),
                    List.of("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann")));

    public static Region of(String code) {
        return ALL.stream().filter(r -> r.code.equals(code)).findFirst().orElseThrow();
    }

    /** A person's name as they write it, and its two parts. */
    public record Name(String full, String family, String given) {
    }

    public Name name(Random random) {
        String g = given.get(random.nextInt(given.size()));
        String f = family.get(random.nextInt(family.size()));
        return new Name(familyFirst ? f + " " + g : g + " " + f, f, g);
    }

    /**
     * A mobile number of the region, valid for libphonenumber, in E.164; distinct per {@code n} below 100,000 (two
     * strangers never share a number: a shared phone links workers).
     */
    public String phone(int n) {
        PhoneNumber example = PHONES.getExampleNumberForType(code, PhoneNumberUtil.PhoneNumberType.MOBILE);
        String national = Long.toString(example.getNationalNumber());
        for (int attempt = 0; attempt < 10; attempt++) {
            // the last five digits are n; an attempt changes the digit before them
            String prefix = national.substring(0, national.length() - 6)
                    + (char) ('0' + (national.charAt(national.length() - 6) - '0' + attempt) % 10);
            String digits = prefix + String.format(Locale.ROOT, "%05d", n % 100_000);
            try {
                PhoneNumber number = PHONES.parse("+" + example.getCountryCode() + digits, code);
                if (PHONES.isValidNumber(number)) {
                    return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
                }
            } catch (NumberParseException e) {
                // try the next
            }
        }
        return PHONES.format(example, PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    /** A bank account of the region, as payments-service takes it. */
    public Map<String, Object> account(Random random) {
        Map<String, Object> account = new LinkedHashMap<>();
        if (bic == null) {
            account.put("iban", new Iban.Builder(random).countryCode(CountryCode.getByCode(code)).buildRandom().toString());
        } else {
            account.put("number", Long.toString(1_000_000_000L + (random.nextLong() & 0xFFFFFFFFL) % 8_999_999_999L));
            account.put("bic", bic);
            account.put("country", code);
        }
        return account;
    }

    /** An EMI's IBAN of another country: Revolut's Lithuanian or Wise's Belgian. */
    public static Map<String, Object> emiIban(Random random) {
        boolean revolut = random.nextBoolean();
        return Map.of("iban", new Iban.Builder(random).countryCode(revolut ? CountryCode.LT : CountryCode.BE)
                .bankCode(revolut ? "32500" : "967").buildRandom().toString());
    }

    /** A name as the MRZ writes it: Doc 9303 transliteration of the Latin letters, filler for the rest. */
    public static String mrz(String name) {
        String s = name.toUpperCase(Locale.ROOT).replace("Ł", "L").replace("Ø", "OE").replace("ß", "SS")
                .replace("Ä", "AE").replace("Ö", "OE").replace("Ü", "UE");
        s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return s.replaceAll("[^A-Z]+", "<");
    }
}
