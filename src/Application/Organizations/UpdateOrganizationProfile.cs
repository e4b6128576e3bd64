using MakCrm.Domain.Clients;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

/// <summary>
/// A JSON merge patch of an organization's profile, by its owner or head office, with <c>If-Match</c>. The patched
/// profile is checked as a whole (check digits, and requisites that fit the legal form), so that a change of the legal
/// form alone cannot leave an ИНН of the wrong length behind.
/// </summary>
public sealed record UpdateOrganizationProfileCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Name,
    Patch<string?> LegalName,
    Patch<LegalForm?> LegalForm,
    Patch<string?> Inn,
    Patch<string?> Kpp,
    Patch<string?> Ogrn,
    Patch<string?> LegalAddress,
    Patch<string?> PostalAddress,
    Patch<string?> City,
    Patch<string?> BankName,
    Patch<string?> Bik,
    Patch<string?> CorrespondentAccount,
    Patch<string?> SettlementAccount,
    Patch<string?> SignatoryName,
    Patch<string?> SignatoryPosition,
    Patch<string?> SignatoryBasis,
    Patch<TaxRegime?> TaxRegime,
    Patch<string?> ContactPhone,
    Patch<string?> ContactEmail,
    Patch<string?> Website,
    Patch<string?> LogoUrl
) : ICommand<OrganizationDto>;

internal sealed class UpdateOrganizationProfileValidator : AbstractValidator<UpdateOrganizationProfileCommand>
{
    public UpdateOrganizationProfileValidator()
    {
        When(
            c => c.Name.IsPresent,
            () =>
                RuleFor(c => (string?)c.Name.Value)
                    .RequiredText(OrganizationProfile.MaxNameLength)
                    .OverridePropertyName("name")
        );
        Text(c => c.LegalName, "legalName", OrganizationProfile.MaxLegalNameLength);
        Text(c => c.LegalAddress, "legalAddress", OrganizationProfile.MaxAddressLength);
        Text(c => c.PostalAddress, "postalAddress", OrganizationProfile.MaxAddressLength);
        Text(c => c.City, "city", OrganizationProfile.MaxCityLength);
        Text(c => c.BankName, "bankName", OrganizationProfile.MaxBankNameLength);
        Text(c => c.SignatoryName, "signatoryName", OrganizationProfile.MaxSignatoryLength);
        Text(c => c.SignatoryPosition, "signatoryPosition", OrganizationProfile.MaxSignatoryLength);
        Text(c => c.SignatoryBasis, "signatoryBasis", OrganizationProfile.MaxSignatoryLength);
        Text(c => c.Website, "website", OrganizationProfile.MaxUrlLength);
        Text(c => c.LogoUrl, "logoUrl", OrganizationProfile.MaxUrlLength);
        Text(c => c.Inn, "inn", 12);
        Text(c => c.Kpp, "kpp", 9);
        Text(c => c.Ogrn, "ogrn", 15);
        Text(c => c.Bik, "bik", 9);
        Text(c => c.CorrespondentAccount, "correspondentAccount", BankAccount.Length);
        Text(c => c.SettlementAccount, "settlementAccount", BankAccount.Length);
        When(
            c => c.LegalForm.IsPresent,
            () => RuleFor(c => c.LegalForm.Value).DefinedOrNull().OverridePropertyName("legalForm")
        );
        When(
            c => c.TaxRegime.IsPresent,
            () => RuleFor(c => c.TaxRegime.Value).DefinedOrNull().OverridePropertyName("taxRegime")
        );
        When(
            c => c.ContactPhone.IsPresent && c.ContactPhone.Value is not null,
            () => RuleFor(c => c.ContactPhone.Value).ValidPhone().OverridePropertyName("contactPhone")
        );
        When(
            c => c.ContactEmail.IsPresent,
            () => RuleFor(c => c.ContactEmail.Value).ValidEmailOrEmpty().OverridePropertyName("contactEmail")
        );
    }

    private void Text(
        System.Linq.Expressions.Expression<Func<UpdateOrganizationProfileCommand, Patch<string?>>> field,
        string name,
        int maxLength
    )
    {
        var read = field.Compile();
        When(
            c => read(c).IsPresent,
            () => RuleFor(c => read(c).Value).OptionalText(maxLength).OverridePropertyName(name)
        );
    }
}

internal sealed class UpdateOrganizationProfileHandler(
    IOrganizationRepository organizations,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<UpdateOrganizationProfileCommand, OrganizationDto>
{
    public async Task<Result<OrganizationDto>> Handle(
        UpdateOrganizationProfileCommand c,
        CancellationToken cancellationToken
    )
    {
        var allowed = actor.MayEdit(await organizations.FindAsync(c.Id, cancellationToken), c.Id);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        var organization = allowed.Value;
        var precondition = c.IfMatch.Require(organization.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var p = organization.Profile;
        var edited = organization.EditProfile(
            new OrganizationProfile(
                c.Name.Or(p.Name),
                Code(c.LegalName.Or(p.LegalName)),
                c.LegalForm.Or(p.LegalForm),
                Code(c.Inn.Or(p.Inn)),
                Code(c.Kpp.Or(p.Kpp)),
                Code(c.Ogrn.Or(p.Ogrn)),
                c.LegalAddress.Or(p.LegalAddress),
                c.PostalAddress.Or(p.PostalAddress),
                c.City.Or(p.City),
                c.BankName.Or(p.BankName),
                Code(c.Bik.Or(p.Bik)),
                Code(c.CorrespondentAccount.Or(p.CorrespondentAccount)),
                Code(c.SettlementAccount.Or(p.SettlementAccount)),
                c.SignatoryName.Or(p.SignatoryName),
                c.SignatoryPosition.Or(p.SignatoryPosition),
                c.SignatoryBasis.Or(p.SignatoryBasis),
                c.TaxRegime.Or(p.TaxRegime),
                c.ContactPhone.IsPresent
                    ? (c.ContactPhone.Value is { } phone ? PhoneNumber.Parse(phone).Value : null)
                    : p.ContactPhone,
                c.ContactEmail.IsPresent
                    ? (
                        string.IsNullOrWhiteSpace(c.ContactEmail.Value)
                            ? null
                            : EmailAddress.Parse(c.ContactEmail.Value).Value
                    )
                    : p.ContactEmail,
                Code(c.Website.Or(p.Website)),
                Code(c.LogoUrl.Or(p.LogoUrl))
            ),
            clock.UtcNowMicroseconds()
        );
        return edited.IsSuccess ? OrganizationDto.From(organization) : edited.Error!;
    }

    /// <summary>A code or an address as typed, without the spaces around it; empty is none.</summary>
    private static string? Code(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
