using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Transfer;

/// <summary>The columns a task import reads besides the record's (<see cref="SubjectColumns"/>).</summary>
public static class TaskColumns
{
    public const string Title = "title";
    public const string Description = "description";
    public const string DueAt = "dueAt";
    public const string DoneAt = "doneAt";
    public const string AssigneeEmail = "assigneeEmail";
    public const string CreatedAt = "createdAt";
}

/// <summary>A task row whose fields are valid; its record and assignee are still to be found.</summary>
public sealed record TaskImportRow(
    SubjectKey Subject,
    string Title,
    string? Description,
    DateTimeOffset DueAt,
    DateTimeOffset? DoneAt,
    string? AssigneeEmail,
    DateTimeOffset? CreatedAt
);

/// <summary>A note row whose fields are valid; its lead and author are still to be found.</summary>
public sealed record NoteImportRow(SubjectKey Subject, string Text, string? AuthorEmail, DateTimeOffset? CreatedAt);

/// <summary>A row judged: the row, or why it is rejected (in the rejected-rows file's spelling).</summary>
public sealed record ImportRowOutcome<TRow>(TRow? Row, string? Reason)
    where TRow : class
{
    public static ImportRowOutcome<TRow> Rejected(Dictionary<string, string> errors) =>
        new(null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
}

/// <summary>
/// Reads task rows by the header of the file: <c>title</c> and <c>dueAt</c>, the record the task is on (a deal, a
/// lead, or a client: <see cref="SubjectColumns"/>), and optionally <c>description</c>, <c>doneAt</c>,
/// <c>assigneeEmail</c> and <c>createdAt</c>. The record and the assignee are the sink's to find.
/// </summary>
public sealed class TaskImportRows(ImportHeader header)
{
    public static (TaskImportRows? Rows, string? Problem) ForHeader(IReadOnlyList<string?> cells)
    {
        var header = new ImportHeader(cells);
        var problem = ImportSubjects.HeaderProblem(
            header,
            "task",
            [TaskColumns.Title, TaskColumns.DueAt],
            SubjectColumns.Any,
            [TaskColumns.Description, TaskColumns.DoneAt, TaskColumns.AssigneeEmail, TaskColumns.CreatedAt]
        );
        return problem is null ? (new TaskImportRows(header), null) : (null, problem);
    }

    public ImportRowOutcome<TaskImportRow> Judge(IReadOnlyList<string?> cells)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var title = header.Cell(cells, TaskColumns.Title)?.Trim();
        if (title is null)
        {
            errors[TaskColumns.Title] = "Is required.";
        }
        else if (title.Length > CrmTask.MaxTitleLength)
        {
            errors[TaskColumns.Title] = $"Must be at most {CrmTask.MaxTitleLength} characters.";
        }

        var description = header.Cell(cells, TaskColumns.Description)?.Trim();
        if (description?.Length > CrmTask.MaxDescriptionLength)
        {
            errors[TaskColumns.Description] = $"Must be at most {CrmTask.MaxDescriptionLength} characters.";
        }

        var dueAt = ImportSubjects.Timestamp(header, cells, TaskColumns.DueAt, errors);
        if (dueAt is null)
        {
            errors.TryAdd(TaskColumns.DueAt, "Is required.");
        }

        var doneAt = ImportSubjects.Timestamp(header, cells, TaskColumns.DoneAt, errors);
        var createdAt = ImportSubjects.Timestamp(header, cells, TaskColumns.CreatedAt, errors);
        var subject = ImportSubjects.Read(header, cells, SubjectColumns.Any, errors);
        if (errors.Count > 0 || subject is null)
        {
            return ImportRowOutcome<TaskImportRow>.Rejected(errors);
        }

        return new ImportRowOutcome<TaskImportRow>(
            new TaskImportRow(
                subject,
                title!,
                description,
                dueAt!.Value,
                doneAt,
                header.Cell(cells, TaskColumns.AssigneeEmail)?.Trim(),
                createdAt
            ),
            null
        );
    }
}

/// <summary>The columns a note import reads besides the lead's (<see cref="SubjectColumns.Lead"/>).</summary>
public static class NoteColumns
{
    public const string Text = "text";
    public const string AuthorEmail = "authorEmail";
    public const string CreatedAt = "createdAt";
}

/// <summary>
/// Reads note rows by the header of the file: <c>text</c>, the lead it is on (<c>leadId</c>, <c>leadExternalRef</c>,
/// or the client's columns: the client's latest lead), and optionally <c>authorEmail</c> and <c>createdAt</c>, the
/// note's original author and time. A note becomes a comment on the lead's timeline.
/// </summary>
public sealed class NoteImportRows(ImportHeader header)
{
    public static (NoteImportRows? Rows, string? Problem) ForHeader(IReadOnlyList<string?> cells)
    {
        var header = new ImportHeader(cells);
        var problem = ImportSubjects.HeaderProblem(
            header,
            "note",
            [NoteColumns.Text],
            SubjectColumns.Lead,
            [NoteColumns.AuthorEmail, NoteColumns.CreatedAt]
        );
        return problem is null ? (new NoteImportRows(header), null) : (null, problem);
    }

    public ImportRowOutcome<NoteImportRow> Judge(IReadOnlyList<string?> cells)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = header.Cell(cells, NoteColumns.Text)?.Trim();
        if (text is null)
        {
            errors[NoteColumns.Text] = "Is required.";
        }
        else if (text.Length > Domain.Leads.LeadComment.MaxTextLength)
        {
            errors[NoteColumns.Text] = $"Must be at most {Domain.Leads.LeadComment.MaxTextLength} characters.";
        }

        var createdAt = ImportSubjects.Timestamp(header, cells, NoteColumns.CreatedAt, errors);
        var subject = ImportSubjects.Read(header, cells, SubjectColumns.Lead, errors);
        return errors.Count > 0 || subject is null
            ? ImportRowOutcome<NoteImportRow>.Rejected(errors)
            : new ImportRowOutcome<NoteImportRow>(
                new NoteImportRow(subject, text!, header.Cell(cells, NoteColumns.AuthorEmail)?.Trim(), createdAt),
                null
            );
    }
}
