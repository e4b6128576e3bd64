using System.Linq.Expressions;
using MakCrm.Application.Users;
using MakCrm.Domain.Access;
using MakCrm.Domain.Teams;

namespace MakCrm.Application.Teams;

public enum TeamSortField
{
    Name,
    CreatedAt,
}

public static class TeamSorts
{
    public static SortCatalog<TeamSortField, Contracts.Team> Catalog { get; } =
        new(
            "teams",
            "name",
            ("name", TeamSortField.Name, typeof(string), d => d.Name),
            ("createdAt", TeamSortField.CreatedAt, typeof(DateTimeOffset), d => d.CreatedAt)
        );
}

public sealed record TeamListCriteria(DataScope Scope, SortOption<TeamSortField> Sort, KeysetPosition? After, int Take);

public sealed record ListTeamsQuery(string? Sort, string? Cursor, int? Limit) : IQuery<Page<Contracts.Team>>;

public sealed record GetTeamQuery(Guid Id) : IQuery<Contracts.Team>;

/// <summary>Makes a team in the caller's organization. A team's members change whose rows they see, so every
/// team command changes standings (<see cref="IChangesStanding"/>).</summary>
public sealed record CreateTeamCommand(string Name, IReadOnlyList<Guid>? MemberUserIds)
    : ICommand<Contracts.Team>,
        IChangesStanding;

/// <summary>A JSON merge patch of a team.</summary>
public sealed record UpdateTeamCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Name,
    Patch<IReadOnlyList<Guid>> MemberUserIds
) : ICommand<Contracts.Team>, IChangesStanding;

public sealed record DeleteTeamCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>, IChangesStanding;

public sealed record AddTeamMemberCommand(Guid Id, Guid UserId) : ICommand<Contracts.Team>, IChangesStanding;

public sealed record RemoveTeamMemberCommand(Guid Id, Guid UserId) : ICommand<Contracts.Team>, IChangesStanding;

internal sealed class ListTeamsValidator : AbstractValidator<ListTeamsQuery>
{
    public ListTeamsValidator()
    {
        RuleFor(q => q.Sort).ValidSort(TeamSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class CreateTeamValidator : AbstractValidator<CreateTeamCommand>
{
    public CreateTeamValidator()
    {
        RuleFor(c => c.Name).RequiredText(Team.MaxNameLength);
        RuleFor(c => c.MemberUserIds).Must(m => m is null || m.Count <= Team.MaxMembers);
    }
}

internal sealed class UpdateTeamValidator : AbstractValidator<UpdateTeamCommand>
{
    public UpdateTeamValidator()
    {
        When(
            c => c.Name.IsPresent,
            () => RuleFor(c => (string?)c.Name.Value).RequiredText(Team.MaxNameLength).OverridePropertyName("name")
        );
        When(
            c => c.MemberUserIds.IsPresent,
            () =>
                RuleFor(c => c.MemberUserIds.Value)
                    .Must(m => m is not null && m.Count <= Team.MaxMembers)
                    .OverridePropertyName("memberUserIds")
        );
    }
}

internal sealed class ListTeamsHandler(ITeamRepository repository, ICurrentActor actor)
    : IQueryHandler<ListTeamsQuery, Page<Contracts.Team>>
{
    public async Task<Result<Page<Contracts.Team>>> Handle(ListTeamsQuery query, CancellationToken cancellationToken)
    {
        var paging = ListPaging.Prepare(TeamSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new TeamListCriteria(DataScope.For(actor, Permissions.UsersReadAll), sort, after, limit + 1);
        var rows = await repository.ListAsync(criteria, cancellationToken);
        return ListPaging.ToPage(TeamSorts.Catalog, sort, rows, limit, d => d.Id);
    }
}

internal sealed class GetTeamHandler(ITeamRepository repository, ICurrentActor actor)
    : IQueryHandler<GetTeamQuery, Contracts.Team>
{
    public async Task<Result<Contracts.Team>> Handle(GetTeamQuery query, CancellationToken cancellationToken) =>
        await repository.GetAsync(query.Id, DataScope.For(actor, Permissions.UsersReadAll), cancellationToken)
            is { } found
            ? found
            : Error.NotFound("Team", query.Id);
}

/// <summary>
/// What every change of a team checks: the team is one the caller reads (else 404), the caller manages the users of
/// its organization (head office any, the owner its own; else 403), and every member is a user of that
/// organization (else 400 naming the member).
/// </summary>
internal sealed class TeamManagement(
    ITeamRepository repository,
    IUserAdministration users,
    UserManagement management,
    ICurrentActor actor
)
{
    public async Task<Result<Team>> TargetAsync(Guid id, CancellationToken cancellationToken)
    {
        var team = await repository.FindAsync(id, DataScope.For(actor, Permissions.UsersReadAll), cancellationToken);
        if (team is null)
        {
            return Error.NotFound("Team", id);
        }

        var manages = await management.ManagesAsync(team.OrganizationId, cancellationToken);
        return manages.IsSuccess ? team : manages.Error!;
    }

    public async Task<Result<Unit>> MembersAsync(
        Guid organizationId,
        IReadOnlyList<Guid> members,
        CancellationToken cancellationToken
    )
    {
        var known = (await users.OfOrganizationAsync(organizationId, members, cancellationToken)).ToHashSet();
        for (var i = 0; i < members.Count; i++)
        {
            if (!known.Contains(members[i]))
            {
                return Error.Validation($"memberUserIds[{i}]", "Must be a user of the team's organization.");
            }
        }

        return Unit.Value;
    }
}

internal sealed class CreateTeamHandler(
    ITeamRepository repository,
    TeamManagement teams,
    UserManagement management,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CreateTeamCommand, Contracts.Team>
{
    public async Task<Result<Contracts.Team>> Handle(CreateTeamCommand command, CancellationToken cancellationToken)
    {
        var manages = await management.ManagesAsync(actor.OrganizationId, cancellationToken);
        if (!manages.IsSuccess)
        {
            return manages.Error!;
        }

        var members = command.MemberUserIds ?? [];
        var known = await teams.MembersAsync(actor.OrganizationId, members, cancellationToken);
        if (!known.IsSuccess)
        {
            return known.Error!;
        }

        var created = Team.Create(
            clock.NewId(),
            actor.OrganizationId,
            command.Name,
            members,
            clock.UtcNowMicroseconds()
        );
        repository.Add(created);
        return TeamAnswers.Of(created);
    }
}

internal sealed class UpdateTeamHandler(TeamManagement teams, TimeProvider clock)
    : ICommandHandler<UpdateTeamCommand, Contracts.Team>
{
    public async Task<Result<Contracts.Team>> Handle(UpdateTeamCommand command, CancellationToken cancellationToken)
    {
        var target = await teams.TargetAsync(command.Id, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        var team = target.Value;
        var precondition = command.IfMatch.Require(team.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var members = command.MemberUserIds.Or(team.MemberUserIds);
        var known = await teams.MembersAsync(team.OrganizationId, members, cancellationToken);
        if (!known.IsSuccess)
        {
            return known.Error!;
        }

        team.Update(command.Name.Or(team.Name), members, clock.UtcNowMicroseconds());
        return TeamAnswers.Of(team);
    }
}

internal sealed class DeleteTeamHandler(TeamManagement teams, TimeProvider clock)
    : ICommandHandler<DeleteTeamCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteTeamCommand command, CancellationToken cancellationToken)
    {
        var target = await teams.TargetAsync(command.Id, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        var precondition = command.IfMatch.IfPresent(target.Value.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        target.Value.Delete(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}

internal sealed class AddTeamMemberHandler(TeamManagement teams, TimeProvider clock)
    : ICommandHandler<AddTeamMemberCommand, Contracts.Team>
{
    public async Task<Result<Contracts.Team>> Handle(AddTeamMemberCommand command, CancellationToken cancellationToken)
    {
        var target = await teams.TargetAsync(command.Id, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        var team = target.Value;
        if (!(await teams.MembersAsync(team.OrganizationId, [command.UserId], cancellationToken)).IsSuccess)
        {
            return Error.NotFound("User", command.UserId);
        }

        team.Add(command.UserId, clock.UtcNowMicroseconds());
        return TeamAnswers.Of(team);
    }
}

internal sealed class RemoveTeamMemberHandler(TeamManagement teams, TimeProvider clock)
    : ICommandHandler<RemoveTeamMemberCommand, Contracts.Team>
{
    public async Task<Result<Contracts.Team>> Handle(
        RemoveTeamMemberCommand command,
        CancellationToken cancellationToken
    )
    {
        var target = await teams.TargetAsync(command.Id, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        target.Value.Remove(command.UserId, clock.UtcNowMicroseconds());
        return TeamAnswers.Of(target.Value);
    }
}

/// <summary>A team as the API answers it.</summary>
public static class TeamAnswers
{
    /// <summary>The answer made from a row: the repository's projection, and the handlers' after a change.</summary>
    public static Expression<Func<Team, Contracts.Team>> Projection { get; } =
        e => new Contracts.Team(e.Id, e.OrganizationId, e.Name, e.MemberUserIds, e.CreatedAt, e.UpdatedAt, e.Version);

    private static readonly Func<Team, Contracts.Team> Compiled = Projection.Compile();

    public static Contracts.Team Of(Team row) => Compiled(row);
}
