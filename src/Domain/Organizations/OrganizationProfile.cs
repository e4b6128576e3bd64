namespace MakCrm.Domain.Organizations;

/// <summary>
/// What an organization tells about itself: names, legal form, requisites (ИНН, КПП, ОГРН or ОГРНИП), addresses, bank
/// requisites, the person who signs, the tax regime, contacts and the logo its cabinet shows. Every field but the
/// display
/// name may be empty until the organization fills it in; <see cref="Problems"/> says which filled-in fields are wrong.
/// </summary>
public sealed record OrganizationProfile(
    string Name,
    string? LegalName,
    LegalForm? LegalForm,
    string? Inn,
    string? Kpp,
    string? Ogrn,
    string? LegalAddress,
    string? PostalAddress,
    string? City,
    string? BankName,
    string? Bik,
    string? CorrespondentAccount,
    string? SettlementAccount,
    string? SignatoryName,
    string? SignatoryPosition,
    string? SignatoryBasis,
    TaxRegime? TaxRegime,
    string? ContactPhone,
    string? ContactEmail,
    string? Website,
    string? LogoUrl
)
{
    public const int MaxNameLength = 200;
    public const int MaxLegalNameLength = 500;
    public const int MaxAddressLength = 500;
    public const int MaxCityLength = 100;
    public const int MaxBankNameLength = 200;
    public const int MaxSignatoryLength = 200;
    public const int MaxUrlLength = 500;

    /// <summary>
    /// The wrong fields with why, by their API names (<c>inn</c>, <c>ogrn</c>, <c>settlementAccount</c>…): check
    /// digits,
    /// formats, and requisites that do not fit the legal form (ООО: ИНН of 10 digits, ОГРН of 13, a КПП; ИП: ИНН of 12,
    /// ОГРНИП of 15, no КПП; self-employed: ИНН of 12, neither ОГРН nor КПП, tax regime НПД if given). Empty when the
    /// profile is consistent.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Problems()
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string message) => problems[field] = [message];

        if (Inn is not null && (LegalForm is not { } innForm || !Organizations.Inn.IsValid(Inn, innForm)))
        {
            Add(
                "inn",
                LegalForm switch
                {
                    Organizations.LegalForm.Ooo => "Must be the 10-digit ИНН of an organization, with its check digit.",
                    null =>
                        "Needs the legal form, to know whether it is an organization's ИНН (10 digits) or a person's "
                            + "(12).",
                    _ => "Must be the 12-digit ИНН of a person, with its two check digits.",
                }
            );
        }

        if (Kpp is not null)
        {
            if (LegalForm != Organizations.LegalForm.Ooo)
            {
                Add("kpp", "Only an organization (ООО) has a КПП; leave it empty for an ИП or a self-employed person.");
            }
            else if (!Organizations.Kpp.IsValid(Kpp))
            {
                Add(
                    "kpp",
                    "Must be 9 characters: 4 digits, 2 digits or capital Latin letters, 3 digits, e.g. 773601001."
                );
            }
        }

        if (Ogrn is not null && (LegalForm is not { } ogrnForm || !Organizations.Ogrn.IsValid(Ogrn, ogrnForm)))
        {
            Add(
                "ogrn",
                LegalForm switch
                {
                    Organizations.LegalForm.Ooo => "Must be the 13-digit ОГРН, with its check digit.",
                    Organizations.LegalForm.Ip => "Must be the 15-digit ОГРНИП, with its check digit.",
                    Organizations.LegalForm.SelfEmployed => "A self-employed person has no ОГРН; leave it empty.",
                    _ => "Needs the legal form, to know whether it is an ОГРН (13 digits) or an ОГРНИП (15).",
                }
            );
        }

        if (Bik is not null && !Organizations.Bik.IsValid(Bik))
        {
            Add("bik", "Must be the 9-digit БИК of a Russian bank, starting with 04.");
        }

        CheckAccount(
            "correspondentAccount",
            CorrespondentAccount,
            BankAccount.IsValidCorrespondent(CorrespondentAccount, Bik),
            "correspondent"
        );
        CheckAccount(
            "settlementAccount",
            SettlementAccount,
            BankAccount.IsValidSettlement(SettlementAccount, Bik),
            "settlement"
        );

        if (
            LegalForm == Organizations.LegalForm.SelfEmployed
            && TaxRegime is { } regime
            && regime != Organizations.TaxRegime.Npd
        )
        {
            Add("taxRegime", "A self-employed person pays the professional income tax: npd.");
        }

        if (LogoUrl is not null && !IsHttpsUrl(LogoUrl))
        {
            Add("logoUrl", "Must be an absolute https:// address.");
        }

        if (Website is not null && !IsWebAddress(Website))
        {
            Add("website", "Must be an absolute http:// or https:// address.");
        }

        return problems;

        void CheckAccount(string field, string? account, bool keyed, string kind)
        {
            // A wrong БИК is named on its own: the accounts' keys cannot be checked against it.
            if (
                account is null
                || keyed
                || (Bik is not null && !Organizations.Bik.IsValid(Bik) && BankAccount.IsWellFormed(account))
            )
            {
                return;
            }

            Add(
                field,
                !BankAccount.IsWellFormed(account) ? "Must be 20 digits."
                    : Bik is null ? $"Needs the bank's БИК, to check the {kind} account's control key."
                    : $"The control key does not match the БИК: a digit of the {kind} account or of the БИК is wrong."
            );
        }
    }

    public static bool IsHttpsUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && !string.IsNullOrEmpty(uri.Host);

    private static bool IsWebAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(uri.Host);
}
