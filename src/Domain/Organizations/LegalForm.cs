namespace MakCrm.Domain.Organizations;

/// <summary>ИП, ООО or самозанятый.</summary>
public enum LegalForm
{
    Ip,
    Ooo,
    SelfEmployed,
}
