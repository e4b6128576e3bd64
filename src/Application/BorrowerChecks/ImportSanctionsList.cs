using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Domain.BorrowerChecks;

namespace MakCrm.Application.BorrowerChecks;

/// <summary>Head office imports a version of the sanctions list from its file; the newest is in force.</summary>
public sealed record ImportSanctionsListCommand(string Version, Stream File) : ICommand<Contracts.SanctionsList>;

internal sealed class ImportSanctionsListValidator : AbstractValidator<ImportSanctionsListCommand>
{
    public ImportSanctionsListValidator() => RuleFor(c => c.Version).RequiredText(SanctionsList.MaxVersionLength);
}

internal sealed class ImportSanctionsListHandler(
    IBorrowerCheckRepository repository,
    ISanctionsListFiles files,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<ImportSanctionsListCommand, Contracts.SanctionsList>
{
    public async Task<Result<Contracts.SanctionsList>> Handle(
        ImportSanctionsListCommand command,
        CancellationToken cancellationToken
    )
    {
        var version = command.Version.Trim();
        if (await repository.ListVersionExistsAsync(version, cancellationToken))
        {
            return new Error(
                ErrorCodes.Conflict,
                $"The sanctions list version '{version}' was imported already.",
                ErrorKind.Conflict
            );
        }

        var read = await files.ReadAsync(command.File, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var list = SanctionsList.Import(
            clock.NewId(),
            version,
            read.Value.Count,
            actor.UserId,
            clock.UtcNowMicroseconds()
        );
        repository.AddList(list, read.Value);
        return SanctionsListAnswers.Of(list);
    }
}

public sealed record GetSanctionsListQuery(Guid Id) : IQuery<Contracts.SanctionsList>;

internal sealed class GetSanctionsListHandler(IBorrowerCheckRepository repository)
    : IQueryHandler<GetSanctionsListQuery, Contracts.SanctionsList>
{
    public async Task<Result<Contracts.SanctionsList>> Handle(
        GetSanctionsListQuery query,
        CancellationToken cancellationToken
    ) =>
        await repository.GetListAsync(query.Id, cancellationToken) is { } list
            ? SanctionsListAnswers.Of(list)
            : Error.NotFound("Sanctions list", query.Id);
}

public static class SanctionsListAnswers
{
    public static Contracts.SanctionsList Of(SanctionsList list) =>
        new(list.Id, list.ListVersion, list.Entries, list.CreatedAt, list.ImportedBy);
}
