namespace MakCrm.Domain.Leads;

/// <summary>The kind of loan a lead asks for.</summary>
public enum LoanProduct
{
    Mortgage,
    Consumer,
    Auto,
    Business,
    Refinancing,
}
