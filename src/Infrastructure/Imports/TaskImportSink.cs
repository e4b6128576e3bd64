using MakCrm.Application.Common;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Tasks;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Imports;

/// <summary>
/// Task rows brought over from another CRM (<see cref="TaskImportRows"/>): on the deal, lead or client the row names
/// (<see cref="ImportLinks"/>), assigned to the user <c>assigneeEmail</c> names or else to the uploader, created at
/// the file's <c>createdAt</c> and done at its <c>doneAt</c>. An open task already past its due time is imported as
/// reminded and told about, since that history already happened: its assignee is not notified of old tasks at once.
/// </summary>
internal sealed class TaskImportSink(
    MakCrmDbContext db,
    ImportDbContext context,
    ImportLinks links,
    IOptions<ImportOptions> options,
    TimeProvider clock
) : LinkedRowSink<TaskImportRows>(db, context, options)
{
    protected override (TaskImportRows? Reader, string? Problem) ReadHeader(IReadOnlyList<string?> header) =>
        TaskImportRows.ForHeader(header);

    protected override async Task<(object? Entity, string? Reason)> BuildAsync(
        TaskImportRows reader,
        ClaimedImport import,
        IReadOnlyList<string?> cells,
        CancellationToken cancellationToken
    )
    {
        var judged = reader.Judge(cells);
        if (judged.Row is not { } row)
        {
            return (null, judged.Reason);
        }

        var organization = import.OrganizationId;
        var (subjectType, subject) = await links.SubjectAsync(organization, row.Subject, cancellationToken);
        if (subject.Id is not { } subjectId)
        {
            return (null, subject.Reason);
        }

        var assignee = row.AssigneeEmail is { } email
            ? await links.UserAsync(organization, email, TaskColumns.AssigneeEmail, cancellationToken)
            : import.UserId is { } uploader
                ? Link.Found(uploader)
                : Link.Missing($"{TaskColumns.AssigneeEmail}: Is required when an API client imports tasks.");
        if (assignee.Id is not { } assigneeId)
        {
            return (null, assignee.Reason);
        }

        var now = clock.UtcNowMicroseconds();
        if (row.CreatedAt > now || row.DoneAt > now)
        {
            return (null, $"{TaskColumns.CreatedAt}: The task's dates must not be in the future.");
        }

        var task = CrmTask.Create(
            clock.NewId(),
            organization,
            subjectType,
            subjectId,
            new TaskDetails(row.Title, row.Description, assigneeId, row.DueAt, null),
            import.UserId,
            row.CreatedAt ?? now
        );
        if (!task.IsSuccess)
        {
            return (null, task.Error!.Message);
        }

        if (row.DoneAt is { } doneAt)
        {
            task.Value.Complete(assigneeId, doneAt);
        }
        else if (row.DueAt <= now)
        {
            task.Value.MarkReminderSent(now);
            task.Value.MarkOverdueNotified(now);
        }

        return (task.Value, null);
    }
}
