namespace MakCrm.Domain.Deals;

/// <summary>
/// One move of a deal into a stage (or its first stage at creation, with no <see cref="FromStageId"/>), written by the
/// deal itself and saved with it.
/// </summary>
public sealed class DealStageChange
{
    private DealStageChange() { }

    public DealStageChange(
        Guid dealId,
        DateTimeOffset at,
        Guid? actorUserId,
        string? actorClientId,
        Guid? fromPipelineId,
        Guid? fromStageId,
        Guid toPipelineId,
        Guid toStageId
    )
    {
        Id = Guid.CreateVersion7(at);
        DealId = dealId;
        At = at;
        ActorUserId = actorUserId;
        ActorClientId = actorClientId;
        FromPipelineId = fromPipelineId;
        FromStageId = fromStageId;
        ToPipelineId = toPipelineId;
        ToStageId = toStageId;
    }

    public Guid Id { get; private set; }

    public Guid DealId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public string? ActorClientId { get; private set; }

    public Guid? FromPipelineId { get; private set; }

    public Guid? FromStageId { get; private set; }

    public Guid ToPipelineId { get; private set; }

    public Guid ToStageId { get; private set; }
}
