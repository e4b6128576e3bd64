using MakCrm.Domain.BorrowerChecks;

namespace MakCrm.Domain.Organizations;

/// <summary>
/// What ЕГРЮЛ/ЕГРИП said about an organization's ОГРН or ИНН when head office last asked:
/// <c>clear</c> (registered and active), <c>hit</c> (not found, liquidated, bankrupt, reorganised or
/// marked unreliable) or <c>unavailable</c> with its reason (never read as clear).
/// </summary>
public sealed record RegistrationCheck(
    BorrowerCheckOutcome Outcome,
    BorrowerCheckUnavailableReason? Reason,
    string? Detail,
    DateTimeOffset CheckedAt,
    Guid? CheckedBy
);

/// <summary>An organization whose last registration check found it not registered or not active is not approved;
/// a check that could not be made does not stop the approval.</summary>
public sealed record RegistrationsFoundInactiveAreNotApproved(RegistrationCheck? Check) : IBusinessRule
{
    public bool IsBroken() => Check?.Outcome == BorrowerCheckOutcome.Hit;

    public Error Error =>
        new(
            ErrorCodes.OrganizationRegistrationNotActive,
            $"The register found the organization not active: {Check?.Detail} Check its registration again once it "
                + "is put right, or reject it.",
            ErrorKind.Conflict
        );
}
