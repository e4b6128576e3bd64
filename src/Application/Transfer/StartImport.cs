using MakCrm.Application.Clients;
using MakCrm.Domain.Access;
using MakCrm.Domain.Imports;

namespace MakCrm.Application.Transfer;

/// <summary>Queues the import of an uploaded file into the caller's organization; a worker processes it
/// later.</summary>
public sealed record StartImportCommand(ImportKind Kind, string FileName, Stream Content, string? DefaultSource)
    : ICommand<ImportOperationDto>;

internal sealed class StartImportValidator : AbstractValidator<StartImportCommand>
{
    public StartImportValidator()
    {
        RuleFor(c => c.Kind).Defined();
        RuleFor(c => c.FileName)
            .Must(name => ImportFiles.FormatOf(name) is not null)
            .OverridePropertyName("file")
            .WithMessage("Must be a .csv (UTF-8, comma, semicolon or tab separated) or an .xlsx file.");
        RuleFor(c => c.FileName)
            .MaximumLength(ImportOperation.MaxFileNameLength)
            .OverridePropertyName("file")
            .WithMessage($"The file name must be at most {ImportOperation.MaxFileNameLength} characters.");
        RuleFor(c => c.DefaultSource)
            .ValidSourceCode()
            .When(c => c.DefaultSource is not null)
            .OverridePropertyName("source");
    }
}

internal sealed class StartImportHandler(
    IImportRepository imports,
    IClientSourceRepository sources,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<StartImportCommand, ImportOperationDto>
{
    /// <summary>What rows of each kind create, besides clients: the permission to write them.</summary>
    private static readonly Dictionary<ImportKind, string> WritePermissions = new()
    {
        [ImportKind.Leads] = Permissions.LeadsWrite,
        [ImportKind.Deals] = Permissions.DealsWrite,
        [ImportKind.Tasks] = Permissions.TasksWrite,
        [ImportKind.Notes] = Permissions.LeadsWrite,
    };

    public async Task<Result<ImportOperationDto>> Handle(
        StartImportCommand command,
        CancellationToken cancellationToken
    )
    {
        // Uploading needs clients.write (lead rows may create clients too); the other kinds need the write permission
        // of what they create as well.
        if (
            WritePermissions.TryGetValue(command.Kind, out var permission)
            && !actor.Has(permission)
        )
        {
            return new Error(
                ErrorCodes.Forbidden,
                $"Importing {SnakeCaseNames.Of(command.Kind)} needs the {permission} permission.",
                ErrorKind.Forbidden
            );
        }

        if (
            command.DefaultSource is { } source
            && !await sources.ExistsAsync(source, activeOnly: true, cancellationToken)
        )
        {
            return Error.Validation(
                "source",
                "Is not the code of an active client source; GET /api/v1/client-sources lists them."
            );
        }

        var operation = ImportOperation.Queue(
            clock.NewId(),
            actor.OrganizationId,
            actor.UserId,
            actor.ClientId,
            command.Kind,
            command.FileName,
            ImportFiles.FormatOf(command.FileName)!.Value,
            command.DefaultSource,
            clock.UtcNowMicroseconds()
        );
        imports.Add(operation);
        var size = await imports.StoreFileAsync(operation.Id, command.Content, cancellationToken);
        if (size == 0)
        {
            return Error.Validation("file", "Is empty.");
        }

        operation.RecordFileSize(size);
        return ImportFiles.ToDto(operation);
    }
}

public static class ImportFiles
{
    public static ImportFileFormat? FormatOf(string? fileName) =>
        Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
        {
            ".csv" or ".txt" => ImportFileFormat.Csv,
            ".xlsx" => ImportFileFormat.Xlsx,
            _ => null,
        };

    public static ImportOperationDto ToDto(ImportOperation o) =>
        new(
            o.Id,
            o.OrganizationId,
            o.Kind,
            o.Status,
            o.FileName,
            o.FileFormat,
            o.FileSize,
            o.DefaultSource,
            o.RowsRead,
            o.Created,
            o.Duplicates,
            o.Rejected,
            o.FailureCode is null ? null : new ImportFailure(o.FailureCode, o.FailureDetail ?? ""),
            o.CreatedAt,
            o.StartedAt,
            o.FinishedAt
        );
}
