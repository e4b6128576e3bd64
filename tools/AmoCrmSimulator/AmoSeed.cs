using System.Text.Json.Nodes;

namespace MakCrm.AmoCrmSimulator;

/// <summary>
/// A head-office account as amoCRM would hold it: users, three pipelines with Russian status names, custom fields
/// with enums, contacts whose phones are typed every way people type them (some repeated across contacts), companies
/// and leads spread over the past year. The same seed gives the same account.
/// </summary>
public static class AmoSeed
{
    public const long AccountId = 31_415_926;
    public const long MainPipelineId = 7_000_001;
    public const long MortgagePipelineId = 7_000_002;
    public const long CarLoanPipelineId = 7_000_003;
    public const long AmountFieldId = 800_001;
    public const long ProductFieldId = 800_002;
    public const long SourceFieldId = 800_003;
    public const long CityFieldId = 800_004;
    public const long ConsentFieldId = 800_005;
    public const long BankDateFieldId = 800_006;
    public const long BrokerNoteFieldId = 800_007;
    public const long ContactPhoneFieldId = 810_001;
    public const long ContactEmailFieldId = 810_002;
    public const long ContactPositionFieldId = 810_003;
    public const long ContactCityFieldId = 810_004;
    public const long CompanyPhoneFieldId = 820_001;
    public const long CompanyEmailFieldId = 820_002;
    public const long CompanyWebFieldId = 820_003;
    public const long CompanyAddressFieldId = 820_004;
    public const long FirstUserId = 9_000_001;
    public const long FirstContactId = 30_000_001;
    public const long FirstCompanyId = 40_000_001;
    public const long FirstLeadId = 20_000_001;

    private static readonly string[] MaleFirst = ["Иван", "Алексей", "Сергей", "Дмитрий", "Андрей", "Михаил", "Олег"];
    private static readonly string[] FemaleFirst = ["Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина"];
    private static readonly string[] Surnames =
    [
        "Белов",
        "Комаров",
        "Гусев",
        "Титов",
        "Кудрявцев",
        "Баранов",
        "Куликов",
        "Алексин",
        "Ершов",
        "Горбунов",
        "Тарасов",
        "Белоусов",
        "Медведев",
        "Антонов",
        "Жуков",
    ];
    private static readonly string[] Cities = ["Москва", "Санкт-Петербург", "Казань", "Екатеринбург", "Новосибирск"];
    private static readonly string[] CompanyNames =
    [
        "ООО «Ромашка»",
        "АО «СеверСталь-Сервис»",
        "ИП Громов",
        "ООО «Техностр»",
        "ПАО «Волга-Логистик»",
        "ООО «Уральские окна»",
        "ООО «Агро Плюс»",
        "АО «СтройИнвест»",
    ];

    /// <summary>Fills <paramref name="account"/> with <paramref name="leads"/> leads, the rest in proportion.</summary>
    public static void Fill(AmoAccount account, int leads, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        AddUsers(account);
        AddPipelines(account);
        AddCustomFields(account);
        var contacts = Math.Max(1, leads * 4 / 5);
        var companies = Math.Max(1, leads / 10);
        var start = now.AddDays(-365).ToUnixTimeSeconds();
        var span = now.ToUnixTimeSeconds() - start;
        for (var i = 0; i < companies; i++)
        {
            var at = start + span * i / companies;
            var company = account.Seed("companies", FirstCompanyId + i, at, UserAt(random));
            company["name"] = CompanyNames[i % CompanyNames.Length] + (i < CompanyNames.Length ? "" : $" №{i + 1}");
            company["custom_fields_values"] = Values(
                random.Next(4) == 0
                    ? null
                    : Multitext(account, "companies", CompanyPhoneFieldId, Phone(random), "WORK"),
                random.Next(2) == 0
                    ? null
                    : Text(account, "companies", CompanyWebFieldId, $"https://company{i + 1}.ru"),
                Text(
                    account,
                    "companies",
                    CompanyAddressFieldId,
                    $"г. {Cities[i % Cities.Length]}, ул. Ленина, {i + 1}"
                )
            );
        }

        var phones = new List<string>();
        for (var i = 0; i < contacts; i++)
        {
            var at = start + span * i / contacts;
            var contact = account.Seed("contacts", FirstContactId + i, at, UserAt(random));
            var female = random.Next(2) == 0;
            var first = (female ? FemaleFirst : MaleFirst)[random.Next(7)];
            var last = Surnames[random.Next(Surnames.Length)] + (female ? "а" : "");
            contact["first_name"] = first;
            contact["last_name"] = last;
            contact["name"] = $"{first} {last}";
            // One contact in twenty repeats an earlier contact's phone (the same person entered twice).
            var phone = phones.Count > 0 && random.Next(20) == 0 ? phones[random.Next(phones.Count)] : Phone(random);
            phones.Add(phone);
            var phoneCodes = new[] { "MOB", "WORK", "HOME", "WORKDD", "OTHER", "FAX" };
            var values = new List<JsonObject?>
            {
                random.Next(15) == 0
                    ? null
                    : Multitext(
                        account,
                        "contacts",
                        ContactPhoneFieldId,
                        phone,
                        phoneCodes[random.Next(3) == 0 ? random.Next(6) : 0]
                    ),
                random.Next(3) == 0
                    ? null
                    : Multitext(
                        account,
                        "contacts",
                        ContactEmailFieldId,
                        Email(i),
                        random.Next(2) == 0 ? "PRIV" : "WORK"
                    ),
                random.Next(4) == 0 ? Text(account, "contacts", ContactPositionFieldId, "Менеджер") : null,
                // Every third contact has a city (without a draw of its own, so the rest of the account stays as it
                // was seeded before the field).
                i % 3
                == 0
                    ? Text(account, "contacts", ContactCityFieldId, Cities[i % Cities.Length])
                    : null,
            };
            if (random.Next(10) == 0 && values[0] is { } phones2)
            {
                // A second phone in the same field, typed differently.
                phones2["values"]!
                    .AsArray()
                    .Add(
                        new JsonObject
                        {
                            ["value"] = Phone(random),
                            ["enum_id"] = account.EnumId("contacts", ContactPhoneFieldId, "WORK"),
                            ["enum_code"] = "WORK",
                        }
                    );
            }

            contact["custom_fields_values"] = Values([.. values]);
            if (random.Next(5) == 0)
            {
                Link(contact, "companies", FirstCompanyId + random.Next(companies), null);
            }
        }

        var pipelines = account.Pipelines;
        for (var i = 0; i < leads; i++)
        {
            var at = start + span * i / leads;
            var lead = account.Seed("leads", FirstLeadId + i, at, UserAt(random));
            var pipeline = pipelines[random.Next(10) < 6 ? 0 : 1 + random.Next(pipelines.Count - 1)];
            var statuses = pipeline.Statuses;
            var status = statuses[random.Next(statuses.Count)];
            var product =
                pipeline.Id == MortgagePipelineId ? "Ипотека"
                : pipeline.Id == CarLoanPipelineId ? "Автокредит"
                : new[] { "Потребительский кредит", "Рефинансирование", "Кредит под залог" }[random.Next(3)];
            var contactNo = random.Next(contacts);
            lead["name"] = random.Next(8) == 0 ? "" : $"{product}: {Surname(account, FirstContactId + contactNo)}";
            var price = random.Next(8) == 0 ? 0 : (random.Next(5, 300) * 10_000);
            lead["price"] = price;
            lead["status_id"] = status.Id;
            lead["pipeline_id"] = pipeline.Id;
            lead["responsible_user_id"] = UserAt(random);
            lead["loss_reason_id"] = null;
            lead["closed_at"] = status.Id is AmoAccount.WonStatusId or AmoAccount.LostStatusId ? at + 86_400 * 7 : null;
            lead["closest_task_at"] = null;
            lead["score"] = null;
            lead["labor_cost"] = null;
            lead["custom_fields_values"] =
                random.Next(5) == 0
                    ? null
                    : Values(
                        price == 0 ? null : Number(account, AmountFieldId, price),
                        Select(account, ProductFieldId, product),
                        random.Next(3) == 0
                            ? null
                            : Select(
                                account,
                                SourceFieldId,
                                new[] { "Сайт", "Звонок", "Партнёр", "Реклама ВКонтакте" }[random.Next(4)]
                            ),
                        random.Next(2) == 0
                            ? null
                            : Text(account, "leads", CityFieldId, Cities[random.Next(Cities.Length)]),
                        random.Next(2) == 0
                            ? null
                            : new JsonObject
                            {
                                ["field_id"] = ConsentFieldId,
                                ["field_name"] = "Согласие на обработку ПД",
                                ["field_code"] = null,
                                ["field_type"] = "checkbox",
                                ["values"] = new JsonArray(new JsonObject { ["value"] = true }),
                            },
                        random.Next(6) != 0
                            ? null
                            : new JsonObject
                            {
                                ["field_id"] = BankDateFieldId,
                                ["field_name"] = "Дата подачи в банк",
                                ["field_code"] = null,
                                ["field_type"] = "date",
                                ["values"] = new JsonArray(new JsonObject { ["value"] = at + 86_400 * 3 }),
                            },
                        random.Next(10) != 0
                            ? null
                            : Text(account, "leads", BrokerNoteFieldId, "Клиент просил перезвонить вечером")
                    );
            // Most leads have a main contact; a few have none, a few a second one.
            if (random.Next(12) != 0)
            {
                Link(lead, "contacts", FirstContactId + contactNo, true);
                if (random.Next(15) == 0)
                {
                    Link(lead, "contacts", FirstContactId + random.Next(contacts), false);
                }
            }

            if (random.Next(6) == 0)
            {
                Link(lead, "companies", FirstCompanyId + random.Next(companies), null);
            }
        }

        long UserAt(Random r) => FirstUserId + r.Next(account.Users.Count);
    }

    private static string Surname(AmoAccount account, long contactId) =>
        account.Find("contacts", contactId)?["last_name"]?.GetValue<string>() ?? "клиент";

    private static void Link(JsonObject entity, string kind, long id, bool? isMain)
    {
        var list = entity["_embedded"]![kind]!.AsArray();
        if (list.Any(x => x!["id"]!.GetValue<long>() == id))
        {
            return;
        }

        var link = new JsonObject { ["id"] = id };
        if (isMain is { } main)
        {
            link["is_main"] = main;
        }

        list.Add(link);
    }

    /// <summary>A Russian mobile number as people type it: +7, 8 or 7 first, with or without separators.</summary>
    public static string Phone(Random random)
    {
        var digits = $"9{random.Next(10, 100)}{random.Next(1_000_000, 10_000_000)}";
        var (a, b, c, d) = (digits[..3], digits[3..6], digits[6..8], digits[8..]);
        return random.Next(7) switch
        {
            0 => $"+7{digits}",
            1 => $"8{digits}",
            2 => $"+7 ({a}) {b}-{c}-{d}",
            3 => $"8 ({a}) {b}-{c}-{d}",
            4 => $"8 {a} {b} {c} {d}",
            5 => $"7{digits}",
            _ => $"+7-{a}-{b}-{c}{d}",
        };
    }

    // Upper case in one of seven, as people type it: matching must not depend on it.
    private static string Email(int i) =>
        i % 7 == 0 ? $"CLIENT{i}@MAIL.RU" : $"client{i}@{(i % 2 == 0 ? "mail.ru" : "yandex.ru")}";

    private static JsonArray? Values(params JsonObject?[] values)
    {
        var present = values.Where(v => v is not null).ToArray();
        return present.Length == 0 ? null : new JsonArray(present);
    }

    private static JsonObject Field(AmoAccount account, string kind, long fieldId, JsonObject value)
    {
        var field = account.Field(kind, fieldId);
        return new JsonObject
        {
            ["field_id"] = fieldId,
            ["field_name"] = field.Name,
            ["field_code"] = field.Code,
            ["field_type"] = field.Type,
            ["values"] = new JsonArray(value),
        };
    }

    private static JsonObject Text(AmoAccount account, string kind, long fieldId, string text) =>
        Field(account, kind, fieldId, new JsonObject { ["value"] = text });

    // Numeric fields come back as strings, as amoCRM sends them.
    private static JsonObject Number(AmoAccount account, long fieldId, int number) =>
        Field(
            account,
            "leads",
            fieldId,
            new JsonObject { ["value"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture) }
        );

    private static JsonObject Select(AmoAccount account, long fieldId, string option) =>
        Field(
            account,
            "leads",
            fieldId,
            new JsonObject { ["value"] = option, ["enum_id"] = account.EnumId("leads", fieldId, option) }
        );

    private static JsonObject Multitext(AmoAccount account, string kind, long fieldId, string value, string code) =>
        Field(
            account,
            kind,
            fieldId,
            new JsonObject
            {
                ["value"] = value,
                ["enum_id"] = account.EnumId(kind, fieldId, code),
                ["enum_code"] = code,
            }
        );

    private static void AddUsers(AmoAccount account)
    {
        (string Name, string Email)[] users =
        [
            ("Администратор", "admin@demo.mak"),
            ("Анна Смирнова", "employee@demo.mak"),
            ("Пётр Волков", "p.volkov@makhq.ru"),
            ("Екатерина Орлова", "e.orlova@makhq.ru"),
            ("Сергей Лебедев", "s.lebedev@makhq.ru"),
            ("Виктория Павлова", "v.pavlova@makhq.ru"),
        ];
        for (var i = 0; i < users.Length; i++)
        {
            account.Users.Add(new AmoUser(FirstUserId + i, users[i].Name, users[i].Email, i == 0));
        }
    }

    private static void AddPipelines(AmoAccount account)
    {
        account.AddPipeline(
            MainPipelineId,
            "Воронка",
            true,
            ["Первичный контакт", "Переговоры", "Принимают решение", "Согласование договора"]
        );
        account.AddPipeline(
            MortgagePipelineId,
            "Ипотека",
            false,
            ["Сбор документов", "Подача в банк", "Одобрено банком", "Подписание сделки"]
        );
        account.AddPipeline(CarLoanPipelineId, "Автокредит", false, ["Подбор банка", "Заявка в банке", "Выдача"]);
    }

    private static void AddCustomFields(AmoAccount account)
    {
        account.AddField("leads", AmountFieldId, "Сумма кредита", "numeric", null, []);
        account.AddField(
            "leads",
            ProductFieldId,
            "Продукт",
            "select",
            null,
            ["Ипотека", "Автокредит", "Потребительский кредит", "Рефинансирование", "Кредит под залог"]
        );
        account.AddField(
            "leads",
            SourceFieldId,
            "Источник",
            "select",
            null,
            ["Сайт", "Звонок", "Партнёр", "Реклама ВКонтакте"]
        );
        account.AddField("leads", CityFieldId, "Город", "text", null, []);
        account.AddField("leads", ConsentFieldId, "Согласие на обработку ПД", "checkbox", null, []);
        account.AddField("leads", BankDateFieldId, "Дата подачи в банк", "date", null, []);
        account.AddField("leads", BrokerNoteFieldId, "Заметка брокера", "textarea", null, []);
        AddPhoneAndEmail(account, "contacts", ContactPhoneFieldId, ContactEmailFieldId);
        account.AddField("contacts", ContactPositionFieldId, "Должность", "text", "POSITION", []);
        account.AddField("contacts", ContactCityFieldId, "Город", "text", null, []);
        AddPhoneAndEmail(account, "companies", CompanyPhoneFieldId, CompanyEmailFieldId);
        account.AddField("companies", CompanyWebFieldId, "Web", "url", "WEB", []);
        account.AddField("companies", CompanyAddressFieldId, "Адрес", "textarea", "ADDRESS", []);
    }

    // The predefined multitext fields, with amoCRM's enum codes as their enums.
    private static void AddPhoneAndEmail(AmoAccount account, string kind, long phoneId, long emailId)
    {
        account.AddField(
            kind,
            phoneId,
            "Телефон",
            "multitext",
            "PHONE",
            ["WORK", "WORKDD", "MOB", "FAX", "HOME", "OTHER"]
        );
        account.AddField(kind, emailId, "Email", "multitext", "EMAIL", ["WORK", "PRIV", "OTHER"]);
    }
}
