using System.Text.RegularExpressions;

namespace MakCrm.Domain.Banks;

/// <summary>
/// A bank that issues the loans the broker arranges: a list head office manages. The code is the stable identifier an
/// issued loan and a commission rule name; a bank that is no longer worked with is deactivated, never deleted, so
/// the loans and rules that name it keep their meaning.
/// </summary>
public sealed partial class Bank : AggregateRoot
{
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 200;

    private Bank() { }

    private Bank(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>Only active banks can be named on a new loan issue or rule; what already names an inactive one keeps
    /// it.</summary>
    public bool Active { get; private set; }

    public static bool IsValidCode(string? code) =>
        code is { Length: > 0 and <= MaxCodeLength } && CodePattern().IsMatch(code);

    public static Bank Create(Guid id, string code, string name, bool active, DateTimeOffset now) =>
        new(id, now)
        {
            Code = code,
            Name = TextNormalizer.Collapse(name),
            Active = active,
        };

    /// <summary>Renames and (de)activates the bank; a change that changes nothing keeps the version.</summary>
    public void Update(string name, bool active, DateTimeOffset now)
    {
        var normalized = TextNormalizer.Collapse(name);
        if (normalized == Name && active == Active)
        {
            return;
        }

        Name = normalized;
        Active = active;
        Touch(now);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex CodePattern();
}
