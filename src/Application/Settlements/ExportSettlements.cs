using System.Globalization;
using MakCrm.Application.Documents.Generation;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Settlements;

namespace MakCrm.Application.Settlements;

/// <summary>An issued act with the profile of the partner it is with, as the accountants' files list it.</summary>
public sealed record SettlementRegisterRow(Contracts.SettlementAct Act, OrganizationProfile Partner);

/// <summary>Which acts the accountants' files hold: issued in [<see cref="From"/>, <see cref="To"/>] (days of head
/// office's calendar), of the scope, of one organization or all, and of those the ones <see cref="Selection"/>
/// takes.</summary>
public sealed record SettlementRegisterCriteria(
    DataScope Scope,
    Guid? OrganizationId,
    DateOnly From,
    DateOnly To,
    SettlementRegisterSelection Selection
);

/// <summary>Which of the issued acts a file takes: all of them, those still to pay (issued or accepted, not paid),
/// or those the partner signed that stand (accepted or paid since, not replaced by a correction).</summary>
public enum SettlementRegisterSelection
{
    Issued,
    Unpaid,
    Signed,
}

/// <summary>The registry of settlement acts and their payouts, as CSV, XLSX or PDF: what an accountant loads into 1С
/// or checks against the bank statement.</summary>
public sealed record ExportSettlementActsQuery(
    DateOnly From,
    DateOnly To,
    Guid? OrganizationId,
    Contracts.ExportFormat Format
) : IQuery<TableExport>, ISettlementPeriodQuery;

/// <summary>The payouts still to make — acts issued or accepted and not paid — as payment orders of head office to
/// each partner, in 1С's exchange format with the bank client.</summary>
public sealed record ExportSettlementPaymentOrdersQuery(DateOnly From, DateOnly To, Guid? OrganizationId)
    : IQuery<SettlementFile>,
        ISettlementPeriodQuery;

/// <summary>The acts the partners signed, with head office and the partners, as an EnterpriseData message for
/// 1С.</summary>
public sealed record ExportSettlementEnterpriseDataQuery(DateOnly From, DateOnly To, Guid? OrganizationId)
    : IQuery<SettlementFile>,
        ISettlementPeriodQuery;

public sealed record SettlementFile(string FileName, string ContentType, byte[] Content);

public interface ISettlementPeriodQuery
{
    DateOnly From { get; }

    DateOnly To { get; }

    Guid? OrganizationId { get; }
}

internal sealed class SettlementPeriodValidator<TQuery> : AbstractValidator<TQuery>
    where TQuery : ISettlementPeriodQuery
{
    public SettlementPeriodValidator()
    {
        RuleFor(q => q.To)
            .GreaterThanOrEqualTo(q => q.From)
            .WithMessage("Must be on or after from.")
            .Must((q, to) => to <= q.From.AddYears(SettlementRegister.MaxYears))
            .WithMessage($"The period is at most {SettlementRegister.MaxYears} year.");
    }
}

internal sealed class ExportSettlementActsValidator : AbstractValidator<ExportSettlementActsQuery>
{
    public ExportSettlementActsValidator() => Include(new SettlementPeriodValidator<ExportSettlementActsQuery>());
}

internal sealed class ExportSettlementPaymentOrdersValidator : AbstractValidator<ExportSettlementPaymentOrdersQuery>
{
    public ExportSettlementPaymentOrdersValidator() =>
        Include(new SettlementPeriodValidator<ExportSettlementPaymentOrdersQuery>());
}

internal sealed class ExportSettlementEnterpriseDataValidator : AbstractValidator<ExportSettlementEnterpriseDataQuery>
{
    public ExportSettlementEnterpriseDataValidator() =>
        Include(new SettlementPeriodValidator<ExportSettlementEnterpriseDataQuery>());
}

/// <summary>The registry's columns and cells, written once for every format.</summary>
public static class SettlementRegister
{
    public const int MaxYears = 1;

    public static IReadOnlyList<string> Columns { get; } =
    [
        "number",
        "issuedOn",
        "periodFrom",
        "periodTo",
        "status",
        "total",
        "organizationId",
        "partner",
        "inn",
        "kpp",
        "taxRegime",
        "signedAt",
        "paidOn",
        "paidAmount",
        "taxReceiptNumber",
        "correctsActId",
        "actId",
    ];

    public static string?[] Cells(SettlementRegisterRow row)
    {
        var (act, partner) = (row.Act, row.Partner);
        return
        [
            act.Number,
            Day(act.IssuedOn),
            Day(act.PeriodFrom),
            Day(act.PeriodTo),
            SnakeCaseNames.Of(act.Status),
            Sum(act.Total),
            act.OrganizationId.ToString(),
            partner.LegalName ?? partner.Name,
            partner.Inn,
            partner.Kpp,
            partner.TaxRegime is { } regime ? SnakeCaseNames.Of(regime) : null,
            TableExport.Timestamp(act.Acceptance?.SignedAt),
            Day(act.Payout?.PaidOn),
            act.Payout is { } payout ? Sum(payout.Amount) : null,
            act.Payout?.TaxReceiptNumber,
            act.CorrectsActId?.ToString(),
            act.Id.ToString(),
        ];
    }

    /// <summary>Head office, whose books the files are, and the acts of the query's period and organization in
    /// <paramref name="scope"/> that <paramref name="selection"/> takes.</summary>
    internal static async Task<(Organization HeadOffice, IReadOnlyList<SettlementRegisterRow> Rows)> ReadAsync(
        ISettlementRepository settlements,
        IOrganizationRepository organizations,
        ISettlementPeriodQuery query,
        DataScope scope,
        SettlementRegisterSelection selection,
        CancellationToken cancellationToken
    )
    {
        var headOffice =
            await organizations.FindAsync(Organization.HeadOfficeId, cancellationToken)
            ?? throw new InvalidOperationException("Head office's organization is missing.");
        var criteria = new SettlementRegisterCriteria(scope, query.OrganizationId, query.From, query.To, selection);
        return (headOffice, await settlements.RegisterAsync(criteria, cancellationToken));
    }

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Sum(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}

internal sealed class ExportSettlementActsHandler(
    ISettlementRepository settlements,
    ICurrentActor actor,
    ISecurityAudit audit,
    TimeProvider clock
) : IQueryHandler<ExportSettlementActsQuery, TableExport>
{
    public async Task<Result<TableExport>> Handle(ExportSettlementActsQuery query, CancellationToken cancellationToken)
    {
        var criteria = new SettlementRegisterCriteria(
            SettlementCatalog.ScopeOf(actor),
            query.OrganizationId,
            query.From,
            query.To,
            SettlementRegisterSelection.Issued
        );
        var rows = await settlements.RegisterAsync(criteria, cancellationToken);
        await audit.RecordAsync(
            "settlements.exported",
            new
            {
                format = SnakeCaseNames.Of(query.Format),
                from = query.From,
                to = query.To,
                organization_id = query.OrganizationId,
                rows = rows.Count,
            },
            cancellationToken
        );
        return new TableExport(
            $"settlement-acts-{ClientColumns.FileStamp(clock.GetUtcNow())}",
            SettlementRegister.Columns,
            rows.Select(SettlementRegister.Cells).ToAsyncEnumerable(),
            "Реестр актов и выплат"
        );
    }
}

/// <summary>
/// One payment order per unpaid act, numbered by the act's sequence in its year (А-2026-000123 is order 123), dated
/// today in head office's calendar, for the act's total, with a purpose that names the act and its VAT as the act
/// states it (the partner's regime). Head office and every partner paid need bank requisites: a file the bank would
/// refuse is not made (409 <c>requisites_incomplete</c> naming what is missing).
/// </summary>
internal sealed class ExportSettlementPaymentOrdersHandler(
    ISettlementRepository settlements,
    IOrganizationRepository organizations,
    DocumentGenerationSettings settings,
    ISecurityAudit audit,
    TimeProvider clock
) : IQueryHandler<ExportSettlementPaymentOrdersQuery, SettlementFile>
{
    public async Task<Result<SettlementFile>> Handle(
        ExportSettlementPaymentOrdersQuery query,
        CancellationToken cancellationToken
    )
    {
        var (headOffice, rows) = await SettlementRegister.ReadAsync(
            settlements,
            organizations,
            query,
            DataScope.All,
            SettlementRegisterSelection.Unpaid,
            cancellationToken
        );
        var parties = new List<(string Party, OrganizationProfile Profile)> { ("headOffice", headOffice.Profile) };
        parties.AddRange(rows.Select(r => ($"partner {r.Act.Number}", r.Partner)));
        var complete = DocumentParties.RequirePayee([.. parties]);
        if (!complete.IsSuccess)
        {
            return complete.Error!;
        }

        var today = DocumentDates.Today(clock);
        var orders = rows.Select(r => Order(r, headOffice.Profile, today)).ToList();
        await audit.RecordAsync(
            "settlements.payment_orders_exported",
            new
            {
                from = query.From,
                to = query.To,
                organization_id = query.OrganizationId,
                orders = orders.Count,
                total = orders.Sum(o => o.Amount),
            },
            cancellationToken
        );
        var content = ClientBankExchange.Write(orders, headOffice.Profile, query.From, query.To, clock.GetUtcNow());
        return new SettlementFile(ClientBankExchange.FileName, ClientBankExchange.ContentType, content);
    }

    private PaymentOrder Order(SettlementRegisterRow row, OrganizationProfile payer, DateOnly today)
    {
        var act = row.Act;
        var vat = VatLine.For(row.Partner.TaxRegime, act.Total, settings.VatRatePercent);
        var vatText = vat.Amount is { } amount
            ? $"{vat.Label} {amount.ToString("0.00", CultureInfo.InvariantCulture)}"
            : vat.Label;
        static string Day(DateOnly? day) => day?.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) ?? "";
        var purpose =
            $"Выплата вознаграждения по акту № {act.Number} от {Day(act.IssuedOn)} "
            + $"за период с {Day(act.PeriodFrom)} по {Day(act.PeriodTo)}. {vatText}";
        return new PaymentOrder(SequenceOf(act.Number!), today, act.Total, payer, row.Partner, purpose);
    }

    // The act's sequence in its year without its leading zeros: А-2026-000123 → 123.
    private static string SequenceOf(string number) =>
        long.Parse(number[(number.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture)
            .ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The signed acts of the period in the caller's scope (a partner's own, head office's of every partner or of one),
/// each with the VAT it states (the partner's regime, as on the act and its payment order), as one EnterpriseData
/// message (<see cref="EnterpriseData"/>). A period without signed acts is a message with no documents.
/// </summary>
internal sealed class ExportSettlementEnterpriseDataHandler(
    ISettlementRepository settlements,
    IOrganizationRepository organizations,
    ICurrentActor actor,
    DocumentGenerationSettings settings,
    ISecurityAudit audit,
    TimeProvider clock
) : IQueryHandler<ExportSettlementEnterpriseDataQuery, SettlementFile>
{
    public async Task<Result<SettlementFile>> Handle(
        ExportSettlementEnterpriseDataQuery query,
        CancellationToken cancellationToken
    )
    {
        var (headOffice, rows) = await SettlementRegister.ReadAsync(
            settlements,
            organizations,
            query,
            SettlementCatalog.ScopeOf(actor),
            SettlementRegisterSelection.Signed,
            cancellationToken
        );
        var rate = settings.VatRatePercent;
        var acts = rows.Select(r => new EnterpriseDataAct(
                r.Act,
                r.Partner,
                rate,
                VatLine.For(r.Partner.TaxRegime, r.Act.Total, rate).Amount
            ))
            .ToList();
        await audit.RecordAsync(
            "settlements.enterprise_data_exported",
            new
            {
                from = query.From,
                to = query.To,
                organization_id = query.OrganizationId,
                acts = acts.Count,
                total = acts.Sum(a => a.Act.Total),
            },
            cancellationToken
        );
        var now = clock.GetUtcNow();
        var content = EnterpriseData.Write(acts, headOffice.Id, headOffice.Profile, now);
        return new SettlementFile(
            $"enterprise-data-{ClientColumns.FileStamp(now)}.xml",
            EnterpriseData.ContentType,
            content
        );
    }
}
