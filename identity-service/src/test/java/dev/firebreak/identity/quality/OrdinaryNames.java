package dev.firebreak.identity.quality;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Ordinary people's names of the regions a screening service meets, generated for the false-match half of the
 * screening evaluation: family and given names common in each region (written here from public name statistics,
 * the most frequent first), combined by a seeded random walk and written the ways people write them (family name
 * first or last, Korean and Chinese given names hyphenated, joined or split, Russian names with and without the
 * patronymic, Arabic names with a father's name). Deliberately independent of the production frequency table
 * ({@code name-frequencies.tsv}): a test that drew its negatives from the table the scorer weighs by would flatter it.
 */
public final class OrdinaryNames {

    public enum Region { KOREAN, CHINESE, VIETNAMESE, RUSSIAN, ARABIC, SOUTH_ASIAN, EUROPEAN, AFRICAN }

    /** One generated person: the name as written and the region its parts come from. */
    public record Person(String name, Region region) {
    }

    private static final List<String> KOREAN_FAMILY = List.of("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho",
            "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Jeon", "Hong", "Yoo",
            "Ko", "Moon", "Yang", "Son", "Bae", "Baek", "Heo", "Nam", "Noh", "Ha", "Kwak", "Sung", "Cha", "Joo", "Woo",
            "Gu", "Min", "Ryu", "Na", "Jin", "Ji", "Um", "Chae", "Won", "Chun", "Bang", "Gong", "Hyun", "Ham", "Byun");
    /** Popular given names of South Koreans born 1970–2020, as pairs of syllables. */
    private static final List<String[]> KOREAN_GIVEN = syllablePairs("""
            min jun, seo yeon, ji hoon, seo jun, ji woo, ha eun, do yun, ye jun, si woo, ha jun, ju won, ji ho,
            ji min, seo hyun, su ah, ye eun, ji yoo, chae won, da eun, yu jin, hyun woo, sung min, jae won, dong hyun,
            sang woo, jun ho, young ho, jung hoon, kyung soo, mi kyung, eun ji, hye jin, so yeon, ji young, eun young,
            su jin, mi young, jin woo, tae hyun, seung hoon, woo jin, hye won, na yeon, ye rin, ga eun, so yul,
            jae hyun, min seo, seo ah, yoon seo, ji an, ha yoon, geon woo, woo hyun, hyun jun, jun seo, eun woo,
            kyu ri, bo ra, hae won, in ho, sun hee, mi sook, young hee, jeong ja, myung hee, soon ja, jong hoon,
            sang hoon, byung chul, dae ho, kwang soo, ki hyun, seok jin, nam joon, tae yang, jae sung, hee chul""");

    private static final List<String> CHINESE_FAMILY = List.of("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang",
            "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang",
            "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Yuan", "Pan",
            "Jiang", "Cai", "Lu", "Wei", "Du", "Ye", "Cheng", "Su", "Lyu", "Ding", "Ren", "Shen", "Yao", "Fan");
    private static final List<String> CHINESE_GIVEN_ONE = List.of("Wei", "Fang", "Min", "Jing", "Li", "Qiang", "Lei",
            "Jun", "Yang", "Yong", "Yan", "Jie", "Tao", "Ming", "Chao", "Xia", "Ping", "Gang", "Hui", "Hao", "Yu",
            "Xin", "Jian", "Hua", "Lin", "Na", "Ying", "Yun", "Bo", "Kai", "Rui", "Qing", "Dan", "Lu", "Ning", "Bin");
    private static final List<String[]> CHINESE_GIVEN_TWO = syllablePairs("""
            zhi wei, xiao ming, hao ran, yu xuan, zi han, yi chen, jia hao, jun jie, wen jing, li hua, jian guo,
            zhi qiang, xiao yan, shu fen, xiu ying, gui ying, yu lan, xiu lan, hai yan, jian hua, jian jun, guo qiang,
            jia yi, zi xuan, yu tong, xin yi, yi nuo, ruo xi, jing yi, shi han, tian yu, hao yu, zi hao, yu hang,
            wen bo, jun hao, jia qi, meng yao, si yu, xin yue, chen xi, kai wen, ming hui, li na, xiao hong, jin long""");

    private static final List<String> VIETNAMESE_FAMILY = List.of("Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh",
            "Phan", "Vu", "Vo", "Dang", "Bui", "Do", "Ho", "Ngo", "Duong", "Ly", "Dinh", "Truong", "Lam", "Mai", "Trinh",
            "Dao", "Cao", "Luong", "Ha");
    private static final List<String> VIETNAMESE_MIDDLE = List.of("Van", "Thi", "Duc", "Minh", "Ngoc", "Thanh", "Quoc",
            "Huu", "Hoang", "Kim", "Gia", "Bao", "Thu", "Xuan", "Dinh", "Cong", "Phuong", "Hong", "Anh", "Tuan");
    private static final List<String> VIETNAMESE_GIVEN = List.of("Anh", "Hung", "Dung", "Linh", "Huong", "Lan", "Tuan",
            "Nam", "Hai", "Long", "Hoa", "Thao", "Trang", "Phuong", "Mai", "Hieu", "Khoa", "Quang", "Son", "Thu", "Ha",
            "Binh", "Cuong", "Duy", "Tam", "Vy", "Nhung", "Hanh", "Trung", "Khanh", "Phuc", "Thuy", "Yen", "Loan",
            "Tien", "Dat", "Vinh", "Nga", "Hien", "Quynh", "Tung", "Thinh", "Nhi", "Chau", "Kiet", "Bich");

    private static final List<String> RUSSIAN_FAMILY = List.of("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev",
            "Petrov", "Sokolov", "Mikhailov", "Novikov", "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev",
            "Semenov", "Egorov", "Pavlov", "Kozlov", "Stepanov", "Nikolaev", "Orlov", "Andreev", "Makarov", "Nikitin",
            "Zakharov", "Zaitsev", "Soloviev", "Borisov", "Yakovlev", "Grigoriev", "Romanov", "Vorobiev", "Sergeev",
            "Kuzmin", "Frolov", "Aleksandrov", "Dmitriev", "Korolev", "Gusev", "Kiselev", "Ilyin", "Maksimov",
            "Polyakov", "Sorokin", "Vinogradov", "Kovalev", "Belov", "Medvedev", "Antonov", "Tarasov", "Zhukov");
    private static final List<String> RUSSIAN_MALE = List.of("Aleksandr", "Dmitry", "Maxim", "Sergey", "Andrey",
            "Alexey", "Artem", "Ilya", "Kirill", "Mikhail", "Nikita", "Ivan", "Yegor", "Roman", "Pavel", "Denis",
            "Anton", "Evgeny", "Oleg", "Igor", "Vladislav", "Konstantin", "Timur", "Stanislav", "Vadim", "Ruslan",
            "Gleb", "Matvey", "Danila", "Yury", "Viktor", "Nikolai", "Boris", "Anatoly", "Valery", "Gennady");
    private static final List<String> RUSSIAN_FEMALE = List.of("Anastasia", "Maria", "Anna", "Daria", "Elena", "Olga",
            "Natalia", "Tatiana", "Irina", "Ekaterina", "Yulia", "Svetlana", "Polina", "Sofia", "Viktoria", "Ksenia",
            "Alina", "Valeria", "Kristina", "Marina", "Galina", "Lyudmila", "Vera", "Nadezhda", "Oksana", "Alisa");

    private static final List<String> ARABIC_MALE = List.of("Mohammed", "Ahmed", "Ali", "Omar", "Youssef", "Khaled",
            "Mahmoud", "Mustafa", "Hassan", "Hussein", "Ibrahim", "Abdullah", "Karim", "Tariq", "Samir", "Nabil",
            "Walid", "Rami", "Fadi", "Ziad", "Amr", "Hamza", "Bilal", "Yasser", "Adel", "Majid", "Faisal", "Saeed",
            "Jamal", "Nasser", "Hani", "Imad", "Marwan", "Anas", "Osama", "Rashid", "Sami", "Wael", "Ayman", "Hisham");
    private static final List<String> ARABIC_FEMALE = List.of("Fatima", "Aisha", "Mariam", "Nour", "Layla", "Sara",
            "Huda", "Amina", "Salma", "Rania", "Dina", "Yasmin", "Hana", "Lina", "Reem", "Noura", "Zainab", "Malak",
            "Rana", "Samira", "Lubna", "Dalia", "Ghada", "Heba", "Mona");
    private static final List<String> ARABIC_FAMILY = List.of("Haddad", "Khoury", "Mansour", "Nasser", "Saleh",
            "Hamdan", "Qasim", "Darwish", "Awad", "Khalil", "Farouk", "Bakr", "Othman", "Suleiman", "Aziz", "Jaber",
            "Shami", "Masri", "Halabi", "Zoubi", "Tamimi", "Najjar", "Sabbagh", "Attar", "Hijazi", "Kanaan", "Sayegh",
            "Barakat", "Yousef", "Hamad", "Shehadeh", "Mahfouz", "Ghanem", "Rifai", "Obeid", "Eid", "Fakhoury");

    private static final List<String> SOUTH_ASIAN_GIVEN = List.of("Aarav", "Vivaan", "Aditya", "Arjun", "Rohan",
            "Rahul", "Amit", "Sanjay", "Vikram", "Anil", "Sunil", "Rajesh", "Suresh", "Ramesh", "Deepak", "Manoj",
            "Priya", "Ananya", "Diya", "Kavya", "Pooja", "Neha", "Sneha", "Anjali", "Sunita", "Lakshmi", "Divya",
            "Imran", "Farhan", "Asif", "Ayesha", "Sana", "Hira", "Usman", "Bilal", "Tanvir", "Nusrat", "Farzana",
            "Kamal", "Nimal", "Sajith", "Dilani", "Harpreet", "Gurpreet", "Manpreet", "Karan", "Nikhil", "Varun");
    private static final List<String> SOUTH_ASIAN_FAMILY = List.of("Sharma", "Patel", "Singh", "Kumar", "Gupta",
            "Reddy", "Rao", "Iyer", "Nair", "Menon", "Das", "Banerjee", "Chatterjee", "Mukherjee", "Joshi", "Desai",
            "Mehta", "Shah", "Verma", "Mishra", "Pillai", "Yadav", "Jain", "Agarwal", "Kapoor", "Malhotra", "Bose",
            "Khan", "Qureshi", "Chaudhry", "Butt", "Malik", "Hossain", "Rahman", "Islam", "Ahmed", "Perera",
            "Fernando", "Silva", "Jayasuriya", "Bandara", "Thapa", "Shrestha", "Gurung", "Tamang");

    private static final List<String> EUROPEAN_GIVEN = List.of("James", "Oliver", "Emma", "Sophie", "Lucas", "Louis",
            "Hugo", "Chloe", "Lea", "Manon", "Thomas", "Nicolas", "Julia", "Laura", "Anna", "Marie", "Lukas", "Leon",
            "Felix", "Maximilian", "Paul", "Hannah", "Lena", "Mia", "Marco", "Luca", "Giulia", "Francesca", "Alessandro",
            "Pablo", "Alejandro", "Lucia", "Carmen", "Javier", "Sofia", "Jakub", "Kacper", "Zuzanna", "Katarzyna",
            "Piotr", "Jan", "Eva", "Pieter", "Daan", "Sanne", "Lars", "Erik", "Ingrid", "Astrid", "Mateusz", "Ana",
            "Joao", "Ines", "Miguel", "Catarina", "George", "Charlotte", "Amelia", "Harry", "Jack", "Isla");
    private static final List<String> EUROPEAN_FAMILY = List.of("Smith", "Jones", "Taylor", "Brown", "Williams",
            "Wilson", "Evans", "Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Muller",
            "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Rossi", "Russo",
            "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Garcia", "Fernandez", "Gonzalez", "Rodriguez",
            "Lopez", "Martinez", "Sanchez", "Perez", "Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kowalczyk",
            "De Jong", "Jansen", "De Vries", "Van den Berg", "Bakker", "Hansen", "Johansson", "Andersson", "Nielsen",
            "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Novak", "Horvat", "Kovac", "Murphy", "Kelly");

    private static final List<String> AFRICAN_GIVEN = List.of("Chinedu", "Emeka", "Ngozi", "Chiamaka", "Oluwaseun",
            "Ayodele", "Folake", "Tunde", "Adebayo", "Funmilayo", "Kwame", "Kofi", "Ama", "Akosua", "Yaw", "Abena",
            "Wanjiru", "Kamau", "Otieno", "Achieng", "Njeri", "Mwangi", "Thabo", "Sipho", "Lerato", "Nomvula",
            "Themba", "Zanele", "Tendai", "Farai", "Chipo", "Tatenda", "Abebe", "Tsion", "Dawit", "Mekdes", "Amadou",
            "Fatou", "Mamadou", "Aminata", "Ousmane", "Awa", "Moussa", "Aissatou", "Ibrahima", "Mariama", "Juma",
            "Neema", "Baraka", "Zawadi", "Grace", "Blessing", "Samuel", "Esther", "Daniel", "Mercy", "Joseph");
    private static final List<String> AFRICAN_FAMILY = List.of("Okafor", "Okonkwo", "Adeyemi", "Adebayo", "Oladipo",
            "Eze", "Nwosu", "Bello", "Ibrahim", "Mensah", "Owusu", "Asante", "Boateng", "Osei", "Kariuki", "Mwangi",
            "Otieno", "Ochieng", "Wanjala", "Kiprop", "Nkosi", "Dlamini", "Ndlovu", "Mokoena", "Khumalo", "Moyo",
            "Banda", "Phiri", "Mutasa", "Chikwanha", "Tesfaye", "Bekele", "Girma", "Diallo", "Traore", "Diop", "Ndiaye",
            "Sow", "Camara", "Keita", "Mwakyusa", "Massawe", "Nyerere", "Mbeki", "Achebe", "Mugabe", "Kagame");

    private OrdinaryNames() {
    }

    private static List<String[]> syllablePairs(String text) {
        List<String[]> out = new ArrayList<>();
        for (String pair : text.split(",")) {
            out.add(pair.strip().split(" "));
        }
        return out;
    }

    /** {@code perRegion} people of each region, the same for the same seed. */
    public static List<Person> generate(int perRegion, long seed) {
        Random random = new Random(seed);
        List<Person> out = new ArrayList<>();
        for (Region region : Region.values()) {
            Set<String> seen = new HashSet<>();
            int attempts = 0;
            while (seen.size() < perRegion && attempts++ < perRegion * 50) {
                String name = name(region, random);
                if (seen.add(name.toLowerCase(Locale.ROOT))) {
                    out.add(new Person(name, region));
                }
            }
        }
        return out;
    }

    /** Picks towards the front of a list (the lists are most frequent first), as real name frequencies do. */
    private static String pick(List<String> names, Random random) {
        double u = random.nextDouble();
        return names.get((int) (names.size() * u * u));
    }

    private static String name(Region region, Random random) {
        return switch (region) {
            case KOREAN -> {
                String family = pick(KOREAN_FAMILY, random);
                String[] given = KOREAN_GIVEN.get(random.nextInt(KOREAN_GIVEN.size()));
                String written = switch (random.nextInt(3)) {
                    case 0 -> cap(given[0]) + "-" + given[1];
                    case 1 -> cap(given[0]) + given[1];
                    default -> cap(given[0]) + " " + cap(given[1]);
                };
                yield random.nextBoolean() ? family + " " + written : written + " " + family;
            }
            case CHINESE -> {
                String family = pick(CHINESE_FAMILY, random);
                String given;
                if (random.nextInt(3) == 0) {
                    given = pick(CHINESE_GIVEN_ONE, random);
                } else {
                    String[] two = CHINESE_GIVEN_TWO.get(random.nextInt(CHINESE_GIVEN_TWO.size()));
                    given = random.nextBoolean() ? cap(two[0]) + two[1] : cap(two[0]) + " " + cap(two[1]);
                }
                yield random.nextBoolean() ? family + " " + given : given + " " + family;
            }
            case VIETNAMESE -> pick(VIETNAMESE_FAMILY, random) + " " + pick(VIETNAMESE_MIDDLE, random) + " "
                    + pick(VIETNAMESE_GIVEN, random);
            case RUSSIAN -> {
                boolean female = random.nextBoolean();
                String family = pick(RUSSIAN_FAMILY, random);
                if (female) {
                    family = family.endsWith("in") || family.endsWith("ov") || family.endsWith("ev") ? family + "a" : family;
                }
                String given = pick(female ? RUSSIAN_FEMALE : RUSSIAN_MALE, random);
                String father = pick(RUSSIAN_MALE, random);
                String patronymic = patronymic(father, female);
                yield switch (random.nextInt(3)) {
                    case 0 -> given + " " + family;
                    case 1 -> given + " " + patronymic + " " + family;
                    default -> family + " " + given + " " + patronymic;
                };
            }
            case ARABIC -> {
                boolean female = random.nextInt(3) == 0;
                String given = pick(female ? ARABIC_FEMALE : ARABIC_MALE, random);
                String father = pick(ARABIC_MALE, random);
                String family = pick(ARABIC_FAMILY, random);
                yield switch (random.nextInt(3)) {
                    case 0 -> given + " " + family;
                    case 1 -> given + " " + father + " " + family;
                    default -> given + " " + father + " Al-" + family;
                };
            }
            case SOUTH_ASIAN -> {
                String given = pick(SOUTH_ASIAN_GIVEN, random);
                String family = pick(SOUTH_ASIAN_FAMILY, random);
                yield random.nextInt(4) == 0 ? given + " " + pick(SOUTH_ASIAN_GIVEN, random) + " " + family
                        : given + " " + family;
            }
            case EUROPEAN -> {
                String given = pick(EUROPEAN_GIVEN, random);
                String family = pick(EUROPEAN_FAMILY, random);
                yield random.nextInt(5) == 0 ? given + " " + pick(EUROPEAN_GIVEN, random) + " " + family
                        : given + " " + family;
            }
            case AFRICAN -> {
                String given = pick(AFRICAN_GIVEN, random);
                String family = pick(AFRICAN_FAMILY, random);
                yield random.nextInt(4) == 0 ? given + " " + pick(AFRICAN_GIVEN, random) + " " + family
                        : given + " " + family;
            }
        };
    }

    private static String patronymic(String father, boolean female) {
        String stem = father.endsWith("y") || father.endsWith("i") ? father.substring(0, father.length() - 1) + "ev"
                : father.endsWith("a") ? father.substring(0, father.length() - 1) + "ich"
                : father + "ov";
        if (stem.endsWith("ich")) {
            return female ? stem.substring(0, stem.length() - 3) + "ichna" : stem;
        }
        return stem + (female ? "na" : "ich");
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
