using System.Globalization;

namespace MakCrm.Application.Common;

/// <summary>
/// The optimistic-concurrency precondition a change carries (HTTP <c>If-Match</c>): none sent, any version (<c>*</c>),
/// or one specific entity tag — a version number for the resources that count versions, a
/// <see cref="ContentTag"/> for those that do not.
/// </summary>
public sealed record VersionCheck
{
    private VersionCheck(bool present, string? tag)
    {
        Present = present;
        Tag = tag;
    }

    public static VersionCheck Missing { get; } = new(false, null);

    public static VersionCheck Any { get; } = new(true, null);

    public bool Present { get; }

    /// <summary>The tag sent, without its quotes; <c>null</c> for none or <c>*</c>.</summary>
    public string? Tag { get; }

    public static VersionCheck Exactly(int version) => new(true, version.ToString(CultureInfo.InvariantCulture));

    public static VersionCheck Exactly(string tag) => new(true, tag);

    /// <summary>A check that never matches: the client sent a tag that is no tag of ours.</summary>
    public static VersionCheck Unmatchable { get; } = new(true, "");

    public Result<Unit> Require(int currentVersion) => Present ? Against(Tagged(currentVersion)) : PreconditionRequired;

    public Result<Unit> IfPresent(int currentVersion) => Present ? Against(Tagged(currentVersion)) : Unit.Value;

    /// <summary>Checks a resource whose tag is its content's (<see cref="ContentTag"/>), when a tag was sent.</summary>
    public Result<Unit> IfPresent(string currentTag) => Present ? Against(currentTag) : Unit.Value;

    private static string Tagged(int version) => version.ToString(CultureInfo.InvariantCulture);

    private Result<Unit> Against(string currentTag) =>
        Tag is null || Tag == currentTag
            ? Unit.Value
            : new Error(
                ErrorCodes.PreconditionFailed,
                $"The resource's ETag is \"{currentTag}\", not the one in If-Match. Read it again and reapply the "
                    + $"change.",
                ErrorKind.PreconditionFailed
            );

    private static Error PreconditionRequired =>
        new(
            ErrorCodes.PreconditionRequired,
            "Send the ETag you read in If-Match, so that concurrent changes are not lost.",
            ErrorKind.PreconditionRequired
        );
}
