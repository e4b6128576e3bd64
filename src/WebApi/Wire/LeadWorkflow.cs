using MakCrm.Application.LeadStatuses;
using MakCrm.Application.LeadTimeline;
using MakCrm.Contracts;
using MakCrm.Domain.Notifications;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class LeadWorkflowMappings
{
    /// <summary>Who did something: a user (with their name), or an API client (then <c>userId</c> and
    /// <c>displayName</c> are null).</summary>
    extension(Actor)
    {
        public static Actor Of(Guid? userId, string? clientId, Contracts.UserRef? user) =>
            new(userId, clientId, user?.DisplayName);
    }

    extension(LeadComment)
    {
        public static LeadComment From(LeadCommentDto dto) =>
            new(
                dto.Id,
                dto.LeadId,
                Actor.Of(dto.AuthorUserId, dto.AuthorClientId, dto.AuthorUser),
                dto.Text,
                dto.CreatedAt
            );
    }

    /// <summary>One item of a lead's or a client's timeline; the payload that matches <c>kind</c> is set, the others
    /// are null.</summary>
    extension(TimelineItem)
    {
        public static TimelineItem From(TimelineItemDto dto) =>
            new(
                dto.Id,
                dto.Kind,
                dto.At,
                Actor.Of(dto.ActorUserId, dto.ActorClientId, dto.ActorUser),
                dto.Kind == Contracts.TimelineItemKind.History
                    ? new LeadChange(dto.Field!, dto.OldValue, dto.NewValue)
                    : null,
                dto.Text,
                dto.Kind == Contracts.TimelineItemKind.Task
                    ? new TimelineTask(dto.DueAt!.Value, dto.DoneOrReadAt, dto.UserId!.Value, dto.User!)
                    : null,
                dto.Kind == Contracts.TimelineItemKind.Notification
                    ? new TimelineNotification(
                        dto.NotificationKind!.Value,
                        dto.UserId!.Value,
                        dto.User!,
                        dto.DoneOrReadAt
                    )
                    : null,
                dto.Kind == Contracts.TimelineItemKind.Ledger
                    ? new TimelineLedgerEntry(dto.LedgerEntryKind!.Value, dto.Amount!.Value, dto.OrganizationId!.Value)
                    : null,
                dto.LeadId,
                dto.DealId,
                dto.Kind == Contracts.TimelineItemKind.Deal
                    ? new TimelineDeal(
                        dto.Amount!.Value,
                        dto.FromPipelineId,
                        dto.FromStageId,
                        dto.PipelineId!.Value,
                        dto.StageId!.Value
                    )
                    : null,
                dto.Kind == Contracts.TimelineItemKind.Document
                    ? new TimelineDocument(dto.DocumentKind!.Value, dto.ContentType!, dto.Size!.Value)
                    : null
            );
    }
}
