namespace MakCrm.Domain.Common;

/// <summary>
/// The root of a consistency boundary: identified by a UUID v7, versioned for optimistic concurrency (the version is
/// the HTTP ETag) and soft-deleted, so that a deletion loses no history.
/// </summary>
public abstract class AggregateRoot
{
    /// <summary>For materialisation by the persistence layer.</summary>
    protected AggregateRoot() { }

    protected AggregateRoot(Guid id, DateTimeOffset now)
    {
        Id = id;
        CreatedAt = now;
        UpdatedAt = now;
        Version = 1;
    }

    public Guid Id { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public int Version { get; private set; }

    protected static Result<Unit> Check(params IBusinessRule[] rules)
    {
        foreach (var rule in rules)
        {
            if (rule.IsBroken())
            {
                return rule.Error;
            }
        }

        return Unit.Value;
    }

    /// <summary>Records that the aggregate changed: a new version and a new update time.</summary>
    protected void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    protected void MarkDeleted(DateTimeOffset now)
    {
        DeletedAt = now;
        Touch(now);
    }

    /// <summary>Takes a soft-deleted aggregate back out of the trash.</summary>
    protected void MarkRestored(DateTimeOffset now)
    {
        DeletedAt = null;
        Touch(now);
    }
}
