using System.Globalization;
using MakCrm.Domain.Reports;

namespace MakCrm.Application.Reports;

/// <summary>One panel of a dashboard: a report query of the builder, with its key and title.</summary>
public sealed record DashboardPanel(string Key, string Title, ReportDefinition Query);

/// <summary>What a dashboard's queries are made for: the period (whole days in the time zone), the user and the
/// time.</summary>
public sealed record DashboardPeriod(DateOnly From, DateOnly To, string TimeZone, Guid? UserId, DateTimeOffset Now);

/// <summary>A dashboard: its name, its title, its audience and how its panels' queries are made.</summary>
public sealed record DashboardDefinition(
    string Name,
    string Title,
    DashboardAudience Audience,
    Func<DashboardPeriod, IReadOnlyList<DashboardPanel>> Panels
)
{
    /// <summary>A dashboard about the caller's own work: its numbers differ per user even in one scope.</summary>
    public bool Personal => Audience == DashboardAudience.Employee;
}

/// <summary>
/// The dashboards, each a list of report queries over the report catalogue. A panel is planned with the caller's
/// scope and run by the report engine like any query of the builder, so its numbers are what
/// <c>POST /api/v1/reports/query</c> answers for the same query (which the response carries).
/// </summary>
public static class Dashboards
{
    /// <summary>
    /// The last step of the lead funnel and of conversion: a lead with an issued (and not cancelled) loan. Every
    /// funnel and conversion panel takes it from here.
    /// </summary>
    public static ReportFilter FunnelLastStep { get; } = Is("hasIssuedLoan");

    /// <summary>The label of <see cref="FunnelLastStep"/> as a measure's name.</summary>
    public const string FunnelLastStepName = "toIssuedLoan";

    public static IReadOnlyList<DashboardDefinition> All { get; } =
    [
        new(
            "head-office",
            "Головной офис",
            DashboardAudience.HeadOffice,
            p =>
                [
                    new(
                        "leadsBySourceAndStatus",
                        "Лиды по источникам и статусам",
                        Leads(p, [By("sourceName"), By("status")], [Count("leads")])
                    ),
                    new("funnel", "Воронка: лид → сделка → выданный кредит", Funnel(p)),
                    new(
                        "revenue",
                        "Выдачи кредитов по месяцам",
                        new ReportDefinition(
                            "deals",
                            [new ReportDimension("loanIssuedOn", Contracts.ReportTimeBucket.Month)],
                            [Sum("loanAmount", "issued"), Count("loans")],
                            And(Is("loanIssued"), Period("loanIssuedOn", p)),
                            [],
                            null,
                            p.TimeZone
                        )
                    ),
                    new(
                        "partnerRanking",
                        "Партнёры: лиды и объём выданных кредитов",
                        new ReportDefinition(
                            "leads",
                            [By("organizationName")],
                            [Count("leads"), Sum("issuedAmount", "issuedVolume")],
                            And(Condition("organizationKind", ReportOperator.Eq, "partner"), Period("createdAt", p)),
                            [
                                new ReportSort("leads", Contracts.ReportSortDirection.Desc),
                                new ReportSort("issuedVolume", Contracts.ReportSortDirection.Desc),
                            ],
                            100,
                            p.TimeZone
                        )
                    ),
                    new("franchiseePurchases", "Покупки франчайзи", Purchases(p, [By("buyerName")])),
                    new(
                        "auction",
                        "Аукцион: лоты, доля проданных, средняя цена",
                        new ReportDefinition(
                            "lots",
                            [By("outcome")],
                            [
                                Count("lots"),
                                new ReportMeasure(
                                    Contracts.ReportMeasureOp.Conversion,
                                    null,
                                    "soldShare",
                                    Condition("outcome", ReportOperator.Eq, "sold"),
                                    null
                                ),
                                new ReportMeasure(
                                    Contracts.ReportMeasureOp.Avg,
                                    "currentPrice",
                                    "averagePrice",
                                    null,
                                    null
                                ),
                            ],
                            Period("closedAt", p),
                            [],
                            null,
                            p.TimeZone
                        )
                    ),
                    new("returns", "Возвраты лидов", Returns(p)),
                ]
        ),
        new(
            "partner",
            "Партнёр",
            DashboardAudience.Partner,
            p =>
                [
                    new("leadsByStatus", "Лиды по статусам", Leads(p, [By("status")], [Count("leads")])),
                    new("conversion", "Конверсия: лид → сделка → выданный кредит", Funnel(p)),
                    new(
                        "income",
                        "Доход: на удержании, доступно, выплачено",
                        new ReportDefinition(
                            "commissions",
                            [],
                            [
                                Sum("onHoldChange", "onHold"),
                                Sum("availableChange", "available"),
                                Sum("paidOut", "paid"),
                            ],
                            null,
                            [],
                            null,
                            p.TimeZone
                        )
                    ),
                    new(
                        "accruedThisMonth",
                        "Начислено в этом месяце",
                        new ReportDefinition(
                            "commissions",
                            [By("level")],
                            [Sum("amount", "accrued")],
                            And(
                                Condition("kind", ReportOperator.Eq, "accrual"),
                                Condition("createdAt", ReportOperator.Between, Day(MonthStart(p)), Day(LocalDay(p)))
                            ),
                            [],
                            null,
                            p.TimeZone
                        )
                    ),
                ]
        ),
        new(
            "franchisee",
            "Франчайзи",
            DashboardAudience.Franchisee,
            p =>
                [
                    new("boughtLeads", "Купленные лиды и расходы", Purchases(p, [])),
                    new(
                        "spend",
                        "Списания и возвраты средств",
                        new ReportDefinition(
                            "ledger",
                            [By("kind")],
                            [Count("entries"), Sum("amount", "amount")],
                            And(Condition("kind", ReportOperator.In, "charge", "refund"), Period("createdAt", p)),
                            [],
                            null,
                            p.TimeZone
                        )
                    ),
                    new("returns", "Возвраты лидов", Returns(p)),
                    new("conversion", "Конверсия купленных лидов", Funnel(p, Is("bought"))),
                ]
        ),
        new(
            "employee",
            "Мои задачи и лиды",
            DashboardAudience.Employee,
            p =>
                [
                    new("openTasks", "Мои открытые задачи", Tasks(p, [By("subjectType")], IsNot("isDone"))),
                    new(
                        "overdueTasks",
                        "Мои просроченные задачи",
                        Tasks(p, [], And(IsNot("isDone"), Condition("dueAt", ReportOperator.Lt, Instant(p.Now))))
                    ),
                    new(
                        "openLeads",
                        "Мои открытые лиды",
                        new ReportDefinition(
                            "leads",
                            [By("status")],
                            [Count("leads")],
                            And(
                                Condition("responsibleUserId", ReportOperator.Eq, Me(p)),
                                Condition("statusKind", ReportOperator.Eq, "open")
                            ),
                            [],
                            null,
                            p.TimeZone
                        )
                    ),
                ]
        ),
    ];

    public static DashboardDefinition? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));

    /// <summary>Leads created in the period: how many, the share with a deal, the share that reached the last
    /// step.</summary>
    private static ReportDefinition Funnel(DashboardPeriod p, ReportFilter? of = null) =>
        new(
            "leads",
            [],
            [
                Count("leads"),
                new ReportMeasure(Contracts.ReportMeasureOp.Conversion, null, "toDeal", Is("hasDeal"), null),
                new ReportMeasure(Contracts.ReportMeasureOp.Conversion, null, FunnelLastStepName, FunnelLastStep, null),
            ],
            of is null ? Period("createdAt", p) : And(of, Period("createdAt", p)),
            [],
            null,
            p.TimeZone
        );

    private static ReportDefinition Leads(
        DashboardPeriod p,
        IReadOnlyList<ReportDimension> dimensions,
        IReadOnlyList<ReportMeasure> measures
    ) => new("leads", dimensions, measures, Period("createdAt", p), [], null, p.TimeZone);

    /// <summary>Lots sold in the period: how many and for how much (the buyer's spend).</summary>
    private static ReportDefinition Purchases(DashboardPeriod p, IReadOnlyList<ReportDimension> dimensions) =>
        new(
            "lots",
            dimensions,
            [Count("leads"), Sum("currentPrice", "spend")],
            And(Condition("outcome", ReportOperator.Eq, "sold"), Period("closedAt", p)),
            dimensions.Count > 0 ? [new ReportSort("spend", Contracts.ReportSortDirection.Desc)] : [],
            null,
            p.TimeZone
        );

    private static ReportDefinition Returns(DashboardPeriod p) =>
        new(
            "returns",
            [By("status")],
            [Count("returns"), Sum("amount", "amount")],
            Period("createdAt", p),
            [],
            null,
            p.TimeZone
        );

    /// <summary>The caller's tasks (as assignee) matching <paramref name="filter"/>, whenever they were made: a state,
    /// not a period.</summary>
    private static ReportDefinition Tasks(
        DashboardPeriod p,
        IReadOnlyList<ReportDimension> dimensions,
        ReportFilter filter
    ) =>
        new(
            "tasks",
            dimensions,
            [Count("tasks")],
            And(Condition("assigneeUserId", ReportOperator.Eq, Me(p)), filter),
            [],
            null,
            p.TimeZone
        );

    private static ReportDimension By(string field) => new(field, null);

    private static ReportMeasure Count(string name) => new(Contracts.ReportMeasureOp.Count, null, name, null, null);

    private static ReportMeasure Sum(string field, string name) =>
        new(Contracts.ReportMeasureOp.Sum, field, name, null, null);

    private static ReportFilter Period(string field, DashboardPeriod p) =>
        Condition(field, ReportOperator.Between, Day(p.From), Day(p.To));

    private static ReportFilter Condition(string field, ReportOperator op, params string[] values) =>
        new(null, null, null, field, op, values);

    private static ReportFilter Is(string field) => new(null, null, null, field, ReportOperator.IsTrue, null);

    private static ReportFilter IsNot(string field) => new(null, null, null, field, ReportOperator.IsFalse, null);

    private static ReportFilter And(params ReportFilter[] parts) => new(parts, null, null, null, null, null);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Today in the dashboard's time zone (UTC when the zone is unknown; the planner refuses such a zone
    /// anyway).</summary>
    private static DateOnly LocalDay(DashboardPeriod p) =>
        DateOnly.FromDateTime(
            TimeZoneInfo.TryFindSystemTimeZoneById(p.TimeZone, out var zone)
                ? TimeZoneInfo.ConvertTime(p.Now, zone).DateTime
                : p.Now.UtcDateTime
        );

    private static DateOnly MonthStart(DashboardPeriod p)
    {
        var today = LocalDay(p);
        return new DateOnly(today.Year, today.Month, 1);
    }

    /// <summary>The caller's user id; the employee dashboard opens only for a user, so there is one.</summary>
    private static string Me(DashboardPeriod p) => (p.UserId ?? Guid.Empty).ToString("D");
}
