using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

public sealed record OrganizationDto(
    Guid Id,
    OrganizationKind Kind,
    OrganizationProfile Profile,
    string? Niche,
    OrganizationStatus Status,
    string? RejectionReason,
    string? Grade,
    Guid? OwnerUserId,
    RegistrationCheck? RegistrationCheck,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt,
    int Version
) : Contracts.IVersioned, IAnswersAs<Contracts.Organization>
{
    Contracts.Organization IAnswersAs<Contracts.Organization>.ToRecord() => Contracts.Organization.From(this);

    public static OrganizationDto From(Organization o) =>
        new(
            o.Id,
            o.Kind,
            o.Profile,
            o.Niche,
            o.Status,
            o.RejectionReason,
            o.Grade,
            o.OwnerUserId,
            o.RegistrationCheck,
            o.CreatedAt,
            o.UpdatedAt,
            o.DeletedAt,
            o.Version
        );
}

public enum OrganizationSortField
{
    CreatedAt,
}

/// <summary>
/// Which organizations a list shows: by status and kind; <see cref="Search"/> matches the name or the legal name
/// (case-insensitive, anywhere), <see cref="Inn"/> the ИНН exactly, <see cref="City"/> the city case-insensitively;
/// <see cref="InTrash"/> lists the trash instead of the live organizations.
/// </summary>
public sealed record OrganizationListCriteria(
    OrganizationStatus? Status,
    OrganizationKind? Kind,
    string? Search,
    string? Inn,
    string? City,
    bool InTrash,
    SortOption<OrganizationSortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class OrganizationSorts
{
    public static SortCatalog<OrganizationSortField, OrganizationDto> Catalog { get; } =
        new(
            "organizations",
            "-createdAt",
            ("createdAt", OrganizationSortField.CreatedAt, typeof(DateTimeOffset), o => o.CreatedAt)
        );
}

/// <summary>
/// A partner, a franchisee or the head office, with its profile, as the API answers it (schema <c>Organization</c>).
/// </summary>
public static class OrganizationAnswers
{
    extension(Contracts.Organization)
    {
        public static Contracts.Organization From(OrganizationDto o)
        {
            var p = o.Profile;
            return new(
                o.Id,
                o.Kind,
                p.Name,
                p.LegalForm,
                p.Inn,
                p.City,
                o.Niche,
                p.ContactPhone,
                p.ContactEmail,
                o.Status,
                o.RejectionReason,
                o.Grade,
                o.CreatedAt,
                o.UpdatedAt,
                p.LegalName,
                p.Kpp,
                p.Ogrn,
                p.LegalAddress,
                p.PostalAddress,
                p.BankName,
                p.Bik,
                p.CorrespondentAccount,
                p.SettlementAccount,
                p.SignatoryName,
                p.SignatoryPosition,
                p.SignatoryBasis,
                p.TaxRegime,
                p.Website,
                p.LogoUrl,
                o.OwnerUserId,
                o.RegistrationCheck is { } check
                    ? new Contracts.OrganizationRegistrationCheck(
                        check.Outcome,
                        check.Reason,
                        check.Detail,
                        check.CheckedAt,
                        check.CheckedBy
                    )
                    : null,
                o.DeletedAt,
                o.Version
            );
        }
    }
}
