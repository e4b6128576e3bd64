namespace MakCrm.Domain.Organizations;

/// <summary>How an organization pays its taxes: the general regime, the simplified one (on income or on income less
/// expenses), a patent, or the professional income tax of the self-employed (НПД).</summary>
public enum TaxRegime
{
    Osno,
    UsnIncome,
    UsnIncomeMinusExpenses,
    Patent,
    Npd,
}
