using System.Text.Json;
using MakCrm.Domain.Events;
using MakCrm.Domain.LeadReturns;

namespace MakCrm.Domain.Points;

/// <summary>A numbered event as the points awarder reads it: its type, resource, acting user, time and
/// payload.</summary>
public sealed record PointSourceEvent(
    string Type,
    Guid ResourceId,
    Guid? ActorUserId,
    DateTimeOffset OccurredAt,
    JsonElement Data
);

/// <summary>Who receives an award: a user named by the event, or the owner of the organization that referred
/// one.</summary>
public abstract record PointRecipient
{
    public sealed record User(Guid Id) : PointRecipient;

    /// <summary>The owner of the organization that referred <paramref name="OrganizationId"/>, if it has a
    /// referrer.</summary>
    public sealed record ReferrerOwnerOf(Guid OrganizationId) : PointRecipient;
}

/// <summary>What an event means for points: an award of a source, or the reversal of one.</summary>
public abstract record PointIntent(PointSourceKind Kind, string Source)
{
    /// <param name="Points">The points the event itself names (a reviewer's mark); <c>null</c> for the rule's.</param>
    public sealed record Award(PointSourceKind Kind, string Source, PointRecipient Recipient, int? Points)
        : PointIntent(Kind, Source);

    /// <summary>Undoes every award of the source (of any user), once.</summary>
    public sealed record Reversal(PointSourceKind Kind, string Source) : PointIntent(Kind, Source);
}

/// <summary>
/// The one place that says which events award points and which undo them, and how each names its source and recipient.
/// A source is what an award is idempotent on: with the rule kind and the user it is the ledger entry's key.
/// </summary>
public static class PointSources
{
    /// <summary>The events that award a source kind.</summary>
    public static IReadOnlyDictionary<string, PointSourceKind> Awarding { get; } =
        new Dictionary<string, PointSourceKind>(StringComparer.Ordinal)
        {
            [EventTypes.LeadCreated.Name] = PointSourceKind.LeadSubmitted,
            [EventTypes.DealLoanIssued.Name] = PointSourceKind.LoanIssued,
            [EventTypes.OrganizationApproved.Name] = PointSourceKind.ReferralActivated,

            // The training events name their learner (userId in the payload).
            [EventTypes.TrainingLessonCompleted.Name] = PointSourceKind.LessonCompleted,
            [EventTypes.TrainingHomeworkAccepted.Name] = PointSourceKind.HomeworkAccepted,
            [EventTypes.TrainingEventAttended.Name] = PointSourceKind.EventAttended,
        };

    /// <summary>The events that undo a source kind's award.</summary>
    public static IReadOnlyDictionary<string, PointSourceKind> Reversing { get; } =
        new Dictionary<string, PointSourceKind>(StringComparer.Ordinal)
        {
            [EventTypes.LeadReturnDecided.Name] = PointSourceKind.LeadSubmitted,
            [EventTypes.DealLoanCancelled.Name] = PointSourceKind.LoanIssued,
        };

    /// <summary>Every event type the awarder reads.</summary>
    public static IReadOnlyList<string> EventTypeNames { get; } = [.. Awarding.Keys, .. Reversing.Keys];

    /// <summary>What the event means for points; <c>null</c> when nothing (another type, an API client's lead, a
    /// rejected return).</summary>
    public static PointIntent? Read(PointSourceEvent e)
    {
        if (Awarding.TryGetValue(e.Type, out var kind))
        {
            return Award(kind, e);
        }

        return Reversing.TryGetValue(e.Type, out var undone) ? Reversal(undone, e) : null;
    }

    private static PointIntent.Award? Award(PointSourceKind kind, PointSourceEvent e) =>
        kind switch
        {
            // The user who submitted the lead; a lead an API client (a lead platform) sent earns nobody points.
            PointSourceKind.LeadSubmitted => e.ActorUserId is { } actor
                ? new(kind, Id(e.ResourceId), new PointRecipient.User(actor), null)
                : null,

            // The deal's responsible user (who worked the deal), else whoever recorded the issue; per issue, so that a
            // loan
            // issued again after a cancellation earns again.
            PointSourceKind.LoanIssued => LoanSource(e) is { } loan
            && (Guid(e.Data, "responsibleUserId") ?? e.ActorUserId) is { } user
                ? new(kind, loan, new PointRecipient.User(user), null)
                : null,

            // The organization's approval activates a referral: its referrer's owner earns (nobody when it has no
            // referrer).
            PointSourceKind.ReferralActivated => new(
                kind,
                Id(e.ResourceId),
                new PointRecipient.ReferrerOwnerOf(e.ResourceId),
                null
            ),

            // The training events name their learner; an accepted homework may carry the reviewer's points.
            _ => Guid(e.Data, "userId") is { } learner
                ? new(
                    kind,
                    Id(e.ResourceId),
                    new PointRecipient.User(learner),
                    kind == PointSourceKind.HomeworkAccepted ? Int(e.Data, "points") : null
                )
                : null,
        };

    private static PointIntent.Reversal? Reversal(PointSourceKind kind, PointSourceEvent e) =>
        kind switch
        {
            // Only an accepted return undoes the lead's award; the source is the returned lead.
            PointSourceKind.LeadSubmitted => Text(e.Data, "status") == SnakeCaseNames.Of(LeadReturnStatus.Accepted)
            && Guid(e.Data, "leadId") is { } lead
                ? new(kind, Id(lead))
                : null,
            PointSourceKind.LoanIssued => LoanSource(e) is { } loan ? new(kind, loan) : null,
            _ => null,
        };

    /// <summary>A deal's loan issue: the deal and the number.</summary>
    private static string? LoanSource(PointSourceEvent e) =>
        e.Data.ValueKind == JsonValueKind.Object
        && e.Data.TryGetProperty("loan", out var loan)
        && Int(loan, "number") is { } number
            ? $"{Id(e.ResourceId)}:{number}"
            : null;

    private static string Id(Guid id) => id.ToString("D");

    private static Guid? Guid(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.TryGetGuid(out var id)
            ? id
            : null;

    private static int? Int(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number
        && value.TryGetInt32(out var n)
            ? n
            : null;

    private static string? Text(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
