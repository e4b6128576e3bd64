using MakCrm.Application.Common;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

public sealed record OrganizationDto(
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
    DateTimeOffset UpdatedAt,
    int Version) : IVersioned
{
    public static OrganizationDto From(Organization o) => new(
        o.Id, o.Kind, o.Name, o.LegalForm, o.Inn, o.City, o.Niche, o.ContactPhone, o.ContactEmail, o.Status, o.RejectionReason, o.Grade, o.CreatedAt, o.UpdatedAt, o.Version);
}

public enum OrganizationSortField
{
    CreatedAt,
}

public sealed record OrganizationListCriteria(OrganizationStatus? Status, OrganizationKind? Kind, SortOption<OrganizationSortField> Sort, KeysetPosition? After, int Take);

public static class OrganizationSorts
{
    public static SortCatalog<OrganizationSortField, OrganizationDto> Catalog { get; } = new(
        "organizations",
        "-createdAt",
        ("createdAt", OrganizationSortField.CreatedAt, typeof(DateTimeOffset), o => o.CreatedAt));
}
