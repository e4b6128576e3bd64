using MakCrm.Application.Common;
using MakCrm.Application.Organizations;
using MakCrm.Domain.Organizations;

namespace MakCrm.WebApi.Contracts;

/// <summary>A partner, a franchisee or the head office (schema <c>Organization</c>).</summary>
public sealed record Organization(
    Guid Id,
    OrganizationKind Kind,
    string Name,
    LegalForm? LegalForm,
    string? Inn,
    string? City,
    string? Niche,
    string? ContactPhone,
    string? ContactEmail,
    OrganizationStatus Status,
    string? RejectionReason,
    string? Grade,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static Organization From(OrganizationDto o) =>
        new(o.Id, o.Kind, o.Name, o.LegalForm, o.Inn, o.City, o.Niche, o.ContactPhone, o.ContactEmail, o.Status, o.RejectionReason, o.Grade, o.CreatedAt, o.UpdatedAt);
}

public sealed record OrganizationPage(IReadOnlyList<Organization> Items, string? NextCursor)
{
    public static OrganizationPage From(Page<OrganizationDto> page) => new(page.Items.Select(Organization.From).ToList(), page.NextCursor);
}

/// <summary>A partner's or franchisee's self-registration (schema <c>RegistrationRequest</c>).</summary>
public sealed record RegistrationRequest
{
    public required OrganizationKind Kind { get; init; }

    public required string CompanyName { get; init; }

    public required LegalForm LegalForm { get; init; }

    public required string Inn { get; init; }

    public string? City { get; init; }

    public string? Niche { get; init; }

    public required string ContactPhone { get; init; }

    public required string ContactEmail { get; init; }

    public required string FullName { get; init; }

    public required string Password { get; init; }

    public RegisterOrganizationCommand ToCommand() =>
        new(Kind, CompanyName, LegalForm, Inn, City, Niche, ContactPhone, ContactEmail, FullName, Password);
}

public sealed record RejectOrganizationRequest
{
    public required string Reason { get; init; }
}
