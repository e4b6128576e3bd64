namespace MakCrm.Application.Common;

/// <summary>
/// The optimistic-concurrency precondition a change carries (HTTP <c>If-Match</c>): none sent, any version (<c>*</c>),
/// or one specific version.
/// </summary>
public sealed record VersionCheck
{
    private VersionCheck(bool present, int? version)
    {
        Present = present;
        Version = version;
    }

    public static VersionCheck Missing { get; } = new(false, null);

    public static VersionCheck Any { get; } = new(true, null);

    public bool Present { get; }

    public int? Version { get; }

    public static VersionCheck Exactly(int version) => new(true, version);

    /// <summary>A check that never matches: the client sent a tag that is no version of ours.</summary>
    public static VersionCheck Unmatchable { get; } = new(true, -1);

    public Result<Unit> Require(int currentVersion) => Present ? Against(currentVersion) : PreconditionRequired;

    public Result<Unit> IfPresent(int currentVersion) => Present ? Against(currentVersion) : Unit.Value;

    private Result<Unit> Against(int currentVersion) =>
        Version is null || Version == currentVersion
            ? Unit.Value
            : new Error(
                ErrorCodes.PreconditionFailed,
                $"The resource is at version \"{currentVersion}\", not the one in If-Match. Read it again and "
                    + $"reapply the change.",
                ErrorKind.PreconditionFailed
            );

    private static Error PreconditionRequired =>
        new(
            ErrorCodes.PreconditionRequired,
            "Send the ETag you read in If-Match, so that concurrent changes are not lost.",
            ErrorKind.PreconditionRequired
        );
}
