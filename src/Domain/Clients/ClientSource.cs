using System.Text.RegularExpressions;

namespace MakCrm.Domain.Clients;

/// <summary>
/// Where clients come from (specification 2.1.1): an editable list. The code is the stable identifier that clients
/// reference and that never changes; a source in use is deactivated, never deleted.
/// </summary>
public sealed partial class ClientSource : AggregateRoot
{
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 100;
    public const int MaxPosition = 10_000;

    private ClientSource() { }

    private ClientSource(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>Where the source stands in lists, smallest first.</summary>
    public int Position { get; private set; }

    /// <summary>Only active sources can be given to clients; clients that already have an inactive one keep
    /// it.</summary>
    public bool Active { get; private set; }

    /// <summary>What duplicate control does with a new client of this source whose phone or e-mail is already
    /// known.</summary>
    public DuplicatePolicy DuplicatePolicy { get; private set; }

    public static bool IsValidCode(string? code) =>
        code is { Length: > 0 and <= MaxCodeLength } && CodePattern().IsMatch(code);

    public static ClientSource Create(Guid id, string code, ClientSourceSettings settings, DateTimeOffset now)
    {
        var source = new ClientSource(id, now) { Code = code };
        source.Apply(settings with { Name = TextNormalizer.Collapse(settings.Name) });
        return source;
    }

    public ClientSourceSettings Settings => new(Name, Position, Active, DuplicatePolicy);

    /// <summary>Applies the settings; a change that changes nothing keeps the version.</summary>
    public void Update(ClientSourceSettings settings, DateTimeOffset now)
    {
        var normalized = settings with { Name = TextNormalizer.Collapse(settings.Name) };
        if (normalized == Settings)
        {
            return;
        }

        Apply(normalized);
        Touch(now);
    }

    private void Apply(ClientSourceSettings settings)
    {
        Name = settings.Name;
        Position = settings.Position;
        Active = settings.Active;
        DuplicatePolicy = settings.DuplicatePolicy;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex CodePattern();
}

/// <summary>The editable part of a client source.</summary>
public sealed record ClientSourceSettings(string Name, int Position, bool Active, DuplicatePolicy DuplicatePolicy);

/// <summary>What to do with a new client who looks like one already known (read by duplicate control).</summary>
public enum DuplicatePolicy
{
    /// <summary>Accept the new record and link it to the existing client.</summary>
    Link,

    /// <summary>Refuse the new record.</summary>
    Reject,
}
