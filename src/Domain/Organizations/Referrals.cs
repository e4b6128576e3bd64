using System.Security.Cryptography;

namespace MakCrm.Domain.Organizations;

/// <summary>
/// The referral code of a partner or franchisee: 8 characters of an alphabet without look-alikes (no 0, 1, I, L, O, U),
/// drawn from the cryptographic generator, so codes are not guessed from one another (30^8, about 6.6·10^11 codes).
/// </summary>
public static class ReferralCode
{
    public const int Length = 8;

    public const int MaxInputLength = 16;

    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>A code as typed or taken from a link: trimmed and upper-case.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    /// <summary>Only partners and franchisees take part in the referral program (head office neither refers nor is
    /// referred).</summary>
    public static bool TakesPart(OrganizationKind kind) =>
        kind is OrganizationKind.Partner or OrganizationKind.Franchisee;
}

/// <summary>Who may be somebody's referrer: an organization in the program, identified by what the rules
/// compare.</summary>
public sealed record ReferrerCandidate(Guid Id, OrganizationKind Kind, string? Inn, string? ContactPhone);

/// <summary>
/// An organization is never its own referrer, nor referred by an organization with its ИНН or contact phone (the same
/// business under another account): the referral program pays for bringing somebody else.
/// </summary>
public sealed record NoSelfReferral(Guid Id, string? Inn, string? ContactPhone, ReferrerCandidate Referrer)
    : IBusinessRule
{
    public bool IsBroken() =>
        Referrer.Id == Id
        || (Inn is not null && Inn == Referrer.Inn)
        || (ContactPhone is not null && ContactPhone == Referrer.ContactPhone);

    public Error Error =>
        new(
            ErrorCodes.ReferralSelf,
            Referrer.Id == Id ? "An organization cannot be its own referrer."
                : Inn is not null && Inn == Referrer.Inn
                    ? "The referrer has the same ИНН: an organization cannot refer itself."
                : "The referrer has the same contact phone: an organization cannot refer itself.",
            ErrorKind.Unprocessable
        );
}

/// <summary>
/// The referrer chain never loops: the new referrer is not the organization itself, nor an organization it recruited
/// directly or further down (<paramref name="ReferrerChain"/>: the referrer, its referrer, and so on upwards).
/// </summary>
public sealed record ReferralChainHasNoCycle(Guid Id, IReadOnlyCollection<Guid> ReferrerChain) : IBusinessRule
{
    public bool IsBroken() => ReferrerChain.Contains(Id);

    public Error Error =>
        new(
            ErrorCodes.ReferralCycle,
            "The referrer was recruited by this organization (directly or further down): the referral chain would "
                + "loop.",
            ErrorKind.Conflict
        );
}

/// <summary>Only partners and franchisees refer and are referred.</summary>
public sealed record OnlyProgramMembersRefer(OrganizationKind Kind, OrganizationKind? ReferrerKind) : IBusinessRule
{
    public bool IsBroken() =>
        !ReferralCode.TakesPart(Kind) || (ReferrerKind is { } kind && !ReferralCode.TakesPart(kind));

    public Error Error =>
        new(
            ErrorCodes.ReferralNotAllowed,
            "Only partners and franchisees take part in the referral program: head office neither refers nor is "
                + "referred.",
            ErrorKind.Conflict
        );
}

/// <summary>The referrer is recorded once, at registration; later only head office corrects it.</summary>
public sealed record ReferrerIsRecordedOnce(Guid? Current) : IBusinessRule
{
    public bool IsBroken() => Current is not null;

    public Error Error =>
        new(
            ErrorCodes.ReferralNotAllowed,
            "The organization has a referrer already; only head office corrects it.",
            ErrorKind.Conflict
        );
}
