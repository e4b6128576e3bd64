using System.Collections.Frozen;
using MakCrm.Domain.Access;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.LeadReturns;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Pipelines;
using MakCrm.Domain.Tasks;

namespace MakCrm.Domain.Reports;

/// <summary>What a report field holds; it decides the operators, measures and time buckets the field takes.</summary>
public enum ReportFieldType
{
    String,
    Enum,
    Integer,
    Money,
    Date,
    DateTime,
    Boolean,
    Uuid,

    /// <summary>A decimal number (a custom field of type number).</summary>
    Number,
}

/// <summary>A filter operator of the report builder.</summary>
public enum ReportOperator
{
    Eq,
    Neq,
    In,
    NotIn,
    Contains,
    StartsWith,
    Gt,
    Gte,
    Lt,
    Lte,
    Between,
    IsEmpty,
    IsNotEmpty,
    IsTrue,
    IsFalse,
}

/// <summary>
/// A field of a report dataset: its key (what a query names), its type, what it may be used for and its label in
/// Russian. The catalogue is the one whitelist of the builder: a query can only pick fields from it, and the SQL of
/// each field is Infrastructure's, keyed by dataset and field. A <see cref="Personal"/> field is the personal data of
/// the row's client (its name, phone or e-mail): a report that shows it as a dimension is a read of that client.
/// </summary>
public sealed record ReportField(
    string Key,
    ReportFieldType Type,
    string Label,
    bool Groupable = true,
    bool Filterable = true,
    IReadOnlyList<string>? Values = null,
    bool Personal = false,
    ReportCustomField? Custom = null
)
{
    /// <summary>Sum and average take numbers; min and max take numbers and times.</summary>
    public bool Aggregatable => Type is ReportFieldType.Integer or ReportFieldType.Money or ReportFieldType.Number;

    public bool IsTime => Type is ReportFieldType.Date or ReportFieldType.DateTime;

    public IReadOnlyList<ReportOperator> Operators => ReportCatalogue.OperatorsFor(Type);
}

/// <summary>
/// A dataset: one kind of row (a lead with its client, a deal, …) and its fields. Reading it needs the dataset's read
/// permission (<see cref="ReadOwnPermission"/> for the caller's organization's rows, <see cref="ReadAllPermission"/>
/// for every organization's).
/// </summary>
public sealed record ReportDataset(
    string Key,
    string Label,
    string ReadOwnPermission,
    string ReadAllPermission,
    IReadOnlyList<ReportField> Fields
)
{
    /// <summary>The records whose custom fields the dataset's rows carry, each with the prefix of its fields' keys
    /// (<c>cf.</c> for the row's own record, <c>client.cf.</c> for its client's).</summary>
    public IReadOnlyList<ReportCustomFieldSource> CustomFieldSources { get; init; } = [];

    public ReportField? Field(string key) =>
        Fields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.Ordinal));

    /// <summary>Whether <paramref name="key"/> names a custom field of the dataset by its prefix.</summary>
    public bool NamesCustomField(string? key) =>
        key is not null && CustomFieldSources.Any(s => key.StartsWith(s.Prefix, StringComparison.Ordinal));

    /// <summary>
    /// The dataset with a field for each definition of a record it carries (archived ones left out), after its own:
    /// <c>cf.&lt;key&gt;</c> for the row's record, <c>client.cf.&lt;key&gt;</c> for its client's. A select is an enum
    /// of its options; a multiselect is its options joined by <c>", "</c>, filtered as a text and never grouped by; a
    /// phone or e-mail is personal data.
    /// </summary>
    public ReportDataset WithCustomFields(IEnumerable<CustomFieldDefinition> definitions)
    {
        var visible = definitions.Where(d => !d.Archived).ToList();
        var custom = CustomFieldSources
            .SelectMany(source =>
                visible.Where(d => d.Entity == source.Entity).Select(d => ReportCatalogue.CustomField(source, d))
            )
            .ToList();
        return custom.Count == 0 ? this : this with { Fields = [.. Fields, .. custom] };
    }
}

/// <summary>A record whose custom fields a dataset carries, and the prefix of their keys.</summary>
public sealed record ReportCustomFieldSource(CustomFieldEntity Entity, string Prefix);

/// <summary>The custom field a report field reads: its record, its definition's key and its type.</summary>
public sealed record ReportCustomField(CustomFieldEntity Entity, string Key, CustomFieldType Type);

/// <summary>The datasets of the report builder and their fields.</summary>
public static class ReportCatalogue
{
    private const string Own = "cf.";
    private const string OfClient = "client.cf.";

    private static readonly ReportOperator[] Empty = [ReportOperator.IsEmpty, ReportOperator.IsNotEmpty];

    // Each type's operators, made once: every field of a type shares its list.
    private static readonly FrozenDictionary<ReportFieldType, ReportOperator[]> OperatorsByType =
        Enum.GetValues<ReportFieldType>().ToFrozenDictionary(type => type, Operators);

    public static IReadOnlyList<ReportDataset> Datasets { get; } =
    [
        new(
            "leads",
            "Лиды",
            Permissions.LeadsReadOwn,
            Permissions.LeadsReadAll,
            [
                Id("Лид"),
                new("status", ReportFieldType.String, "Статус"),
                EnumOf<LeadStatusKind>("statusKind", "Вид статуса"),
                EnumOf<LoanProduct>("product", "Продукт"),
                new("requestedAmount", ReportFieldType.Money, "Запрошенная сумма"),
                new("isDuplicate", ReportFieldType.Boolean, "Дубль"),
                new("createdAt", ReportFieldType.DateTime, "Дата создания"),
                new("updatedAt", ReportFieldType.DateTime, "Дата изменения"),
                new("clientName", ReportFieldType.String, "ФИО клиента", Personal: true),
                new("clientPhone", ReportFieldType.String, "Телефон клиента", Personal: true),
                new("clientEmail", ReportFieldType.String, "E-mail клиента", Personal: true),
                new("clientCity", ReportFieldType.String, "Город"),
                new("source", ReportFieldType.String, "Источник"),
                new("sourceName", ReportFieldType.String, "Название источника"),
                EnumOf<ProcessingMethod>("processingMethod", "Принцип обработки"),
                .. Organization(),
                new("responsibleUserId", ReportFieldType.Uuid, "Ответственный (id)"),
                new("responsibleName", ReportFieldType.String, "Ответственный"),
                new("hasDeal", ReportFieldType.Boolean, "Есть сделка"),
                new("hasWonDeal", ReportFieldType.Boolean, "Есть выигранная сделка"),
                new("wonAmount", ReportFieldType.Money, "Сумма выигранных сделок", Groupable: false),
                new("hasIssuedLoan", ReportFieldType.Boolean, "Выдан кредит"),
                new("issuedAmount", ReportFieldType.Money, "Сумма выданных кредитов", Groupable: false),
                new("bought", ReportFieldType.Boolean, "Куплен на аукционе"),
            ]
        )
        {
            CustomFieldSources = [new(CustomFieldEntity.Lead, Own), new(CustomFieldEntity.Client, OfClient)],
        },
        new(
            "deals",
            "Сделки",
            Permissions.DealsReadOwn,
            Permissions.DealsReadAll,
            [
                Id("Сделка"),
                new("title", ReportFieldType.String, "Название"),
                new("amount", ReportFieldType.Money, "Сумма"),
                new("bank", ReportFieldType.String, "Банк"),
                EnumOf<LoanProduct>("product", "Продукт"),
                new("pipelineName", ReportFieldType.String, "Воронка"),
                new("stageName", ReportFieldType.String, "Этап"),
                EnumOf<StageKind>("stageKind", "Вид этапа"),
                new("isClosed", ReportFieldType.Boolean, "Закрыта"),
                new("closedAt", ReportFieldType.DateTime, "Дата закрытия"),
                new("createdAt", ReportFieldType.DateTime, "Дата создания"),
                new("clientName", ReportFieldType.String, "ФИО клиента", Personal: true),
                new("clientCity", ReportFieldType.String, "Город"),
                new("source", ReportFieldType.String, "Источник"),
                .. Organization(),
                new("responsibleName", ReportFieldType.String, "Ответственный"),
                new("loanIssued", ReportFieldType.Boolean, "Кредит выдан"),
                new("loanIssuedOn", ReportFieldType.Date, "Дата выдачи кредита"),
                new("loanAmount", ReportFieldType.Money, "Сумма выданного кредита"),
                new("loanBank", ReportFieldType.String, "Банк выдачи"),
            ]
        )
        {
            CustomFieldSources = [new(CustomFieldEntity.Deal, Own), new(CustomFieldEntity.Client, OfClient)],
        },
        new(
            "clients",
            "Клиенты",
            Permissions.ClientsReadOwn,
            Permissions.ClientsReadAll,
            [
                Id("Клиент"),
                new("fullName", ReportFieldType.String, "ФИО", Personal: true),
                new("phone", ReportFieldType.String, "Телефон", Personal: true),
                new("email", ReportFieldType.String, "E-mail", Personal: true),
                new("city", ReportFieldType.String, "Город"),
                new("source", ReportFieldType.String, "Источник"),
                EnumOf<ProcessingMethod>("processingMethod", "Принцип обработки"),
                new("hasConsent", ReportFieldType.Boolean, "Согласие на обработку данных"),
                new("createdAt", ReportFieldType.DateTime, "Дата создания"),
                .. Organization(),
            ]
        )
        {
            CustomFieldSources = [new(CustomFieldEntity.Client, Own)],
        },
        new(
            "tasks",
            "Задачи",
            Permissions.TasksReadOwn,
            Permissions.TasksReadAll,
            [
                Id("Задача"),
                new("title", ReportFieldType.String, "Название"),
                EnumOf<TaskSubjectType>("subjectType", "Вид объекта"),
                new("assigneeUserId", ReportFieldType.Uuid, "Исполнитель (id)"),
                new("assigneeName", ReportFieldType.String, "Исполнитель"),
                new("isDone", ReportFieldType.Boolean, "Выполнена"),
                new("dueAt", ReportFieldType.DateTime, "Срок"),
                new("doneAt", ReportFieldType.DateTime, "Дата выполнения"),
                new("createdAt", ReportFieldType.DateTime, "Дата создания"),
                .. Organization(),
            ]
        ),
        new(
            "lots",
            "Лоты аукциона",
            Permissions.AuctionRead,
            Permissions.AuctionManage,
            [
                Id("Лот"),
                EnumOf<LotStatus>("status", "Статус"),
                EnumOf<LotOutcome>("outcome", "Итог"),
                EnumOf<LotRedistribution>("redistribution", "Перераспределение"),
                new("startPrice", ReportFieldType.Money, "Стартовая цена"),
                new("currentPrice", ReportFieldType.Money, "Текущая цена"),
                new("bidCount", ReportFieldType.Integer, "Число ставок"),
                new("round", ReportFieldType.Integer, "Круг"),
                new("startsAt", ReportFieldType.DateTime, "Начало"),
                new("endsAt", ReportFieldType.DateTime, "Окончание"),
                new("closedAt", ReportFieldType.DateTime, "Дата закрытия"),
                EnumOf<LoanProduct>("leadProduct", "Продукт лида"),
                new("leadCity", ReportFieldType.String, "Город лида"),
                new("buyerName", ReportFieldType.String, "Покупатель"),
            ]
        ),
        new(
            "bids",
            "Ставки аукциона",
            Permissions.AuctionRead,
            Permissions.AuctionManage,
            [
                Id("Ставка"),
                new("lotId", ReportFieldType.Uuid, "Лот"),
                new("amount", ReportFieldType.Money, "Сумма ставки"),
                new("placedAt", ReportFieldType.DateTime, "Время ставки"),
                new("isLeading", ReportFieldType.Boolean, "Лидирующая"),
                EnumOf<LotStatus>("lotStatus", "Статус лота"),
                EnumOf<LotOutcome>("lotOutcome", "Итог лота"),
                .. Organization(),
            ]
        ),
        new(
            "ledger",
            "Баланс франчайзи",
            Permissions.LedgerReadOwn,
            Permissions.LedgerReadAll,
            [
                Id("Проводка"),
                EnumOf<LedgerEntryKind>("kind", "Вид проводки"),
                new("amount", ReportFieldType.Money, "Сумма"),
                new("createdAt", ReportFieldType.DateTime, "Дата"),
                new("leadId", ReportFieldType.Uuid, "Лид"),
                new("lotId", ReportFieldType.Uuid, "Лот"),
                .. Organization(),
            ]
        ),
        new(
            "commissions",
            "Комиссии партнёров",
            Permissions.CommissionsReadOwn,
            Permissions.CommissionsReadAll,
            [
                Id("Проводка"),
                EnumOf<CommissionEntryKind>("kind", "Вид проводки"),
                new("level", ReportFieldType.Integer, "Уровень"),
                new("amount", ReportFieldType.Money, "Сумма"),
                new("onHoldChange", ReportFieldType.Money, "Изменение суммы на удержании"),
                new("availableChange", ReportFieldType.Money, "Изменение доступной суммы"),
                new("paidOut", ReportFieldType.Money, "Выплачено"),
                new("bankCode", ReportFieldType.String, "Банк (код)"),
                new("bankName", ReportFieldType.String, "Банк"),
                EnumOf<LoanProduct>("product", "Продукт"),
                new("loanIssuedOn", ReportFieldType.DateTime, "Дата выдачи кредита"),
                new("createdAt", ReportFieldType.DateTime, "Дата проводки"),
                new("dealId", ReportFieldType.Uuid, "Сделка"),
                new("sourceOrganizationId", ReportFieldType.Uuid, "Партнёр первого уровня"),
                .. Organization(),
            ]
        ),
        new(
            "returns",
            "Возвраты лидов",
            Permissions.LeadReturnsCreate,
            Permissions.LeadReturnsDecide,
            [
                Id("Возврат"),
                EnumOf<LeadReturnStatus>("status", "Статус"),
                EnumOf<LeadReturnReason>("reason", "Причина"),
                new("amount", ReportFieldType.Money, "Сумма"),
                new("createdAt", ReportFieldType.DateTime, "Дата запроса"),
                new("decidedAt", ReportFieldType.DateTime, "Дата решения"),
                new("leadId", ReportFieldType.Uuid, "Лид"),
                new("lotId", ReportFieldType.Uuid, "Лот"),
                .. Organization(),
            ]
        ),
    ];

    public static ReportDataset? Find(string key) =>
        Datasets.FirstOrDefault(d => string.Equals(d.Key, key, StringComparison.Ordinal));

    public static IReadOnlyList<ReportOperator> OperatorsFor(ReportFieldType type) => OperatorsByType[type];

    private static ReportOperator[] Operators(ReportFieldType type) =>
        type switch
        {
            ReportFieldType.String =>
            [
                ReportOperator.Eq,
                ReportOperator.Neq,
                ReportOperator.In,
                ReportOperator.NotIn,
                ReportOperator.Contains,
                ReportOperator.StartsWith,
                .. Empty,
            ],
            ReportFieldType.Enum or ReportFieldType.Uuid =>
            [
                ReportOperator.Eq,
                ReportOperator.Neq,
                ReportOperator.In,
                ReportOperator.NotIn,
                .. Empty,
            ],
            ReportFieldType.Integer or ReportFieldType.Money or ReportFieldType.Number =>
            [
                ReportOperator.Eq,
                ReportOperator.Neq,
                ReportOperator.In,
                ReportOperator.NotIn,
                ReportOperator.Gt,
                ReportOperator.Gte,
                ReportOperator.Lt,
                ReportOperator.Lte,
                ReportOperator.Between,
                .. Empty,
            ],
            ReportFieldType.Date or ReportFieldType.DateTime =>
            [
                ReportOperator.Eq,
                ReportOperator.Gt,
                ReportOperator.Gte,
                ReportOperator.Lt,
                ReportOperator.Lte,
                ReportOperator.Between,
                .. Empty,
            ],
            ReportFieldType.Boolean => [ReportOperator.IsTrue, ReportOperator.IsFalse, .. Empty],
            _ => [],
        };

    /// <summary>The report field of a custom field definition of <paramref name="source"/>'s record.</summary>
    internal static ReportField CustomField(ReportCustomFieldSource source, CustomFieldDefinition definition)
    {
        var type = definition.Type switch
        {
            CustomFieldType.Number => ReportFieldType.Number,
            CustomFieldType.Money => ReportFieldType.Money,
            CustomFieldType.Date => ReportFieldType.Date,
            CustomFieldType.Boolean => ReportFieldType.Boolean,
            CustomFieldType.Select => ReportFieldType.Enum,
            _ => ReportFieldType.String,
        };
        var label = source.Prefix == OfClient ? $"{definition.Label} (клиент)" : definition.Label;
        return new(
            source.Prefix + definition.Key,
            type,
            label,
            Groupable: definition.Type != CustomFieldType.Multiselect,
            Values: type == ReportFieldType.Enum ? definition.Options : null,
            Personal: definition.Type is CustomFieldType.Phone or CustomFieldType.Email,
            Custom: new(source.Entity, definition.Key, definition.Type)
        );
    }

    private static ReportField Id(string label) => new("id", ReportFieldType.Uuid, label, Groupable: false);

    private static ReportField EnumOf<TEnum>(string key, string label)
        where TEnum : struct, Enum => new(key, ReportFieldType.Enum, label, Values: SnakeCaseNames<TEnum>.All);

    private static ReportField[] Organization() =>
        [
            new("organizationId", ReportFieldType.Uuid, "Организация (id)"),
            new("organizationName", ReportFieldType.String, "Организация"),
            EnumOf<OrganizationKind>("organizationKind", "Вид организации"),
        ];
}
