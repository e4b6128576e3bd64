namespace MakCrm.Domain.Clients;

/// <summary>An e-mail address, trimmed and lower-cased so that one mailbox has one spelling.</summary>
public sealed record EmailAddress
{
    public const int MaxLength = 254;

    private EmailAddress(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static bool TryParse(string? input, out EmailAddress email)
    {
        email = null!;
        var candidate = input?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(candidate) || candidate.Length > MaxLength)
        {
            return false;
        }

        var at = candidate.IndexOf('@', StringComparison.Ordinal);
        var valid =
            at > 0
            && at == candidate.LastIndexOf('@')
            && candidate.IndexOf('.', at) is var dot
            && dot > at + 1
            && dot < candidate.Length - 1
            && !candidate.EndsWith('.')
            && !candidate.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or ';' or '<' or '>' or '"');
        if (!valid)
        {
            return false;
        }

        email = new EmailAddress(candidate);
        return true;
    }

    public static EmailAddress Parse(string input) =>
        TryParse(input, out var email) ? email : throw new FormatException("Not an e-mail address.");

    public static EmailAddress FromStored(string value) => new(value);
}
