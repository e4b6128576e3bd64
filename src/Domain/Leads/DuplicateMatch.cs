namespace MakCrm.Domain.Leads;

/// <summary>
/// The open lead that a new lead repeats: the earliest live lead in an open or auction status, in any organization,
/// whose client has the new lead's phone or e-mail.
/// </summary>
public sealed record DuplicateMatch(
    Guid OriginalLeadId,
    Guid OriginalOrganizationId,
    Guid? ResponsibleUserId,
    IReadOnlyList<DuplicateMatchField> MatchedBy
);

/// <summary>Which contact made the match, named as in the API.</summary>
public enum DuplicateMatchField
{
    Phone,
    Email,
}

public static class DuplicateMatchFields
{
    public static string ToWire(this DuplicateMatchField field) =>
        field == DuplicateMatchField.Phone ? "phone" : "email";
}
