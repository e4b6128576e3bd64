using MakCrm.Application.Abstractions.Documents;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Documents.Generation;

/// <summary>A party's requisites as a document prints them.</summary>
public sealed record PartyRequisites(
    string Name,
    string? Inn,
    string? Kpp,
    string? Ogrn,
    string? Address,
    string? BankName,
    string? Bik,
    string? CorrespondentAccount,
    string? SettlementAccount,
    string? SignatoryName,
    string? SignatoryPosition,
    string? SignatoryBasis
)
{
    /// <summary>The requisites from an organization's profile: its legal name (else its display name), the legal
    /// address (else the postal one).</summary>
    public static PartyRequisites From(OrganizationProfile profile) =>
        new(
            profile.LegalName ?? profile.Name,
            profile.Inn,
            profile.Kpp,
            profile.Ogrn,
            profile.LegalAddress ?? profile.PostalAddress,
            profile.BankName,
            profile.Bik,
            profile.CorrespondentAccount,
            profile.SettlementAccount,
            profile.SignatoryName,
            profile.SignatoryPosition,
            profile.SignatoryBasis
        );
}

/// <summary>The VAT line of a document: «Без НДС», or «В том числе НДС (22%)» with the VAT included in the
/// total.</summary>
public sealed record VatLine(string Label, decimal? Amount)
{
    /// <summary>
    /// The VAT line for a seller's tax regime: a VAT payer (the general regime, ОСНО) includes VAT at
    /// <paramref name="ratePercent"/>
    /// in the total (total × rate / (100 + rate), rounded to kopecks half away from zero); the other regimes print «Без
    /// НДС».
    /// </summary>
    public static VatLine For(TaxRegime? regime, decimal total, decimal ratePercent) =>
        regime == TaxRegime.Osno && ratePercent > 0
            ? new($"В том числе НДС ({ratePercent:0.##}%):", Money.ToKopecks(total * ratePercent / (100 + ratePercent)))
            : new("Без НДС", null);

    /// <summary>The VAT line of an invoice's lines: the VAT they include, at the rate they share (no rate is named when
    /// they differ), or «Без НДС» when none includes VAT.</summary>
    public static VatLine Of(IReadOnlyList<Domain.Invoices.InvoiceLine> lines)
    {
        var taxed = lines.Where(l => l.VatRatePercent is not null).ToList();
        if (taxed.Count == 0)
        {
            return new("Без НДС", null);
        }

        var rates = taxed.Select(l => l.VatRatePercent!.Value).Distinct().ToList();
        var label = rates.Count == 1
            ? $"В том числе НДС ({rates[0]:0.##}%):"
            : "В том числе НДС:";
        return new(label, taxed.Sum(l => l.VatAmount ?? 0));
    }
}

public sealed record InvoiceLine(
    int Position,
    string Description,
    decimal Quantity,
    string Unit,
    decimal Price,
    decimal Amount
);

/// <summary>A счёт на оплату: the payee (with its bank requisites) asks the payer to pay the total.</summary>
public sealed record InvoiceDocumentModel(
    string Number,
    DateOnly Date,
    PartyRequisites Payee,
    PartyRequisites Payer,
    string Basis,
    IReadOnlyList<InvoiceLine> Lines,
    decimal Total,
    VatLine Vat
) : IDocumentModel
{
    public const string TemplateName = "invoice";

    public string Template => TemplateName;
}

/// <summary>The franchise contract between head office and a franchisee, with both parties' requisites.</summary>
public sealed record ContractDocumentModel(
    string Number,
    DateOnly Date,
    string City,
    PartyRequisites HeadOffice,
    PartyRequisites Franchisee
) : IDocumentModel
{
    public const string TemplateName = "contract";

    public string Template => TemplateName;
}

/// <summary>
/// One line of an act: a loan's (the deal, the client's initials only, the loan's issue date, product and amount, and
/// the fee), or one of no loan that says what it is in <paramref name="Description"/> (a bonus) and has no loan fields.
/// </summary>
public sealed record ActLine(
    int Position,
    string? Deal,
    string? Client,
    DateOnly? IssuedOn,
    string? Product,
    decimal? LoanAmount,
    decimal Amount,
    string? Description = null
);

/// <summary>
/// An акт об оказанных услугах with the requisites 402-ФЗ art. 9 asks of a primary document: its title and number, the
/// date and place, the parties (the contractor drawing it up and the customer), the content of the fact (the subject,
/// the basis and the lines), the amount in figures and words, and the signatories' positions and names with places to
/// sign.
/// </summary>
public sealed record ActDocumentModel(
    string Number,
    DateOnly Date,
    string Place,
    DateOnly PeriodFrom,
    DateOnly PeriodTo,
    PartyRequisites Contractor,
    PartyRequisites Customer,
    string Basis,
    string Subject,
    IReadOnlyList<ActLine> Lines,
    decimal Total,
    VatLine Vat
) : IDocumentModel
{
    public const string TemplateName = "act";

    public string Template => TemplateName;

    /// <summary>An act whose total is the sum of its lines, and whose VAT line follows the contractor's tax
    /// regime.</summary>
    public static ActDocumentModel Create(
        string number,
        DateOnly date,
        string place,
        DateOnly periodFrom,
        DateOnly periodTo,
        PartyRequisites contractor,
        PartyRequisites customer,
        string basis,
        string subject,
        IReadOnlyList<ActLine> lines,
        TaxRegime? contractorTaxRegime,
        decimal vatRatePercent
    )
    {
        var total = Money.ToKopecks(lines.Sum(l => l.Amount));
        return new(
            number,
            date,
            place,
            periodFrom,
            periodTo,
            contractor,
            customer,
            basis,
            subject,
            lines,
            total,
            VatLine.For(contractorTaxRegime, total, vatRatePercent)
        );
    }
}

/// <summary>One document of a reconciliation statement, from the first party's side: a debit or a credit.</summary>
public sealed record ReconciliationLine(DateOnly Date, string Document, decimal? Debit, decimal? Credit);

/// <summary>
/// An акт сверки взаимных расчётов from the first party's side: the opening balance, the documents of the period as
/// debits and credits, the turnovers, the closing balance and in whose favour it is. A balance is debit minus credit:
/// positive, the second party owes the first; negative, the first owes the second. Balances are split into the debit
/// and credit columns; a zero column is <c>null</c> (left blank).
/// </summary>
public sealed record ReconciliationDocumentModel(
    string? Number,
    DateOnly Date,
    DateOnly PeriodFrom,
    DateOnly PeriodTo,
    PartyRequisites First,
    PartyRequisites Second,
    decimal? OpeningDebit,
    decimal? OpeningCredit,
    IReadOnlyList<ReconciliationLine> Lines,
    decimal DebitTurnover,
    decimal CreditTurnover,
    decimal? ClosingDebit,
    decimal? ClosingCredit,
    decimal ClosingAmount,
    string? InFavourOf
) : IDocumentModel
{
    public const string TemplateName = "reconciliation";

    public string Template => TemplateName;

    /// <summary>The statement for an opening balance (debit minus credit) and the period's lines: turnovers, closing
    /// balance and its creditor computed.</summary>
    public static ReconciliationDocumentModel Create(
        string? number,
        DateOnly date,
        DateOnly periodFrom,
        DateOnly periodTo,
        PartyRequisites first,
        PartyRequisites second,
        decimal openingBalance,
        IReadOnlyList<ReconciliationLine> lines
    )
    {
        var debit = Money.ToKopecks(lines.Sum(l => l.Debit ?? 0));
        var credit = Money.ToKopecks(lines.Sum(l => l.Credit ?? 0));
        var closing = Money.ToKopecks(openingBalance) + debit - credit;
        var inFavourOf =
            closing > 0 ? first.Name
            : closing < 0 ? second.Name
            : null;
        return new(
            number,
            date,
            periodFrom,
            periodTo,
            first,
            second,
            Positive(openingBalance),
            Positive(-openingBalance),
            lines,
            debit,
            credit,
            Positive(closing),
            Positive(-closing),
            Math.Abs(closing),
            inFavourOf
        );
    }

    private static decimal? Positive(decimal amount) => amount > 0 ? Money.ToKopecks(amount) : null;
}
