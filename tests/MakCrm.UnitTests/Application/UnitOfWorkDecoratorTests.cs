using FluentValidation;
using MakCrm.Application;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MakCrm.UnitTests.Application;

/// <summary>The pipeline's promise: a command's changes are saved and committed only when it succeeds, and validation runs first.</summary>
public sealed class UnitOfWorkDecoratorTests
{
    [Fact]
    public async Task A_successful_command_is_saved_then_committed()
    {
        var (handler, unitOfWork) = Pipeline(succeed: true);

        var result = await handler.Handle(new ProbeCommand("ok"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        unitOfWork.Events.Should().Equal("begin", "handled", "save", "commit", "dispose");
    }

    [Fact]
    public async Task A_failed_command_is_neither_saved_nor_committed()
    {
        var (handler, unitOfWork) = Pipeline(succeed: false);

        var result = await handler.Handle(new ProbeCommand("ok"), CancellationToken.None);

        result.Error!.Code.Should().Be("probe_failed");
        unitOfWork.Events.Should().Equal("begin", "handled", "dispose");
    }

    [Fact]
    public async Task An_invalid_command_never_reaches_the_handler_or_the_database()
    {
        var (handler, unitOfWork) = Pipeline(succeed: true);

        var result = await handler.Handle(new ProbeCommand(""), CancellationToken.None);

        result.Error!.Code.Should().Be(ErrorCodes.ValidationFailed);
        result.Error.FieldErrors!.Should().ContainKey("name");
        unitOfWork.Events.Should().BeEmpty();
    }

    [Fact]
    public async Task A_lost_concurrency_race_at_save_is_rolled_back_forgotten_and_run_again_from_the_committed_state()
    {
        var (handler, unitOfWork) = Pipeline(succeed: true, lostRaces: 1);

        var result = await handler.Handle(new ProbeCommand("ok"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        unitOfWork.Events.Should().Equal("begin", "handled", "save", "dispose", "discard", "begin", "handled", "save", "commit", "dispose");
    }

    [Fact]
    public async Task Races_lost_every_time_end_in_the_412_after_a_bounded_number_of_attempts()
    {
        var (handler, unitOfWork) = Pipeline(succeed: true, lostRaces: int.MaxValue);

        var result = await handler.Handle(new ProbeCommand("ok"), CancellationToken.None);

        result.Error!.Code.Should().Be(ErrorCodes.PreconditionFailed);
        unitOfWork.Events.Count(e => e == "handled").Should().Be(3);
        unitOfWork.Events.Should().NotContain("commit");
        unitOfWork.Events[^1].Should().Be("dispose");
    }

    [Fact]
    public async Task A_412_from_the_handler_itself_is_answered_at_once()
    {
        var (handler, unitOfWork) = Pipeline(succeed: false, failure: ErrorKind.PreconditionFailed);

        var result = await handler.Handle(new ProbeCommand("ok"), CancellationToken.None);

        result.Error!.Kind.Should().Be(ErrorKind.PreconditionFailed);
        unitOfWork.Events.Should().Equal("begin", "handled", "dispose");
    }

    [Fact]
    public async Task A_command_that_takes_access_away_makes_this_instance_forget_the_standings_after_its_commit()
    {
        var (_, unitOfWork, provider) = Build(succeed: true);
        var handler = provider.GetRequiredService<ICommandHandler<ProbeAccessCommand, string>>();

        (await handler.Handle(new ProbeAccessCommand("ok"), CancellationToken.None)).IsSuccess.Should().BeTrue();

        unitOfWork.Events.Should().Equal("begin", "handled", "save", "commit", "forget", "dispose");
    }

    [Fact]
    public async Task A_failed_command_that_would_take_access_away_forgets_nothing()
    {
        var (_, unitOfWork, provider) = Build(succeed: false);
        var handler = provider.GetRequiredService<ICommandHandler<ProbeAccessCommand, string>>();

        (await handler.Handle(new ProbeAccessCommand("ok"), CancellationToken.None)).IsSuccess.Should().BeFalse();

        unitOfWork.Events.Should().Equal("begin", "handled", "dispose");
    }

    private static (ICommandHandler<ProbeCommand, string> Handler, RecordingUnitOfWork UnitOfWork) Pipeline(
        bool succeed, int lostRaces = 0, ErrorKind failure = ErrorKind.Conflict)
    {
        var (handler, unitOfWork, _) = Build(succeed, lostRaces, failure);
        return (handler, unitOfWork);
    }

    private static (ICommandHandler<ProbeCommand, string> Handler, RecordingUnitOfWork UnitOfWork, IServiceProvider Provider) Build(
        bool succeed, int lostRaces = 0, ErrorKind failure = ErrorKind.Conflict)
    {
        var unitOfWork = new RecordingUnitOfWork(lostRaces);
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IUnitOfWork>(unitOfWork);
        services.AddSingleton<IRememberedStandings>(new RecordingStandings(unitOfWork.Events));
        services.AddSingleton<MakCrm.Application.Abstractions.Security.IUserNameDirectory, NoUserNames>();
        services.AddSingleton(new ProbeOutcome(succeed, failure));
        services.AddScoped<ICommandHandler<ProbeCommand, string>, ProbeCommandHandler>();
        services.AddScoped<ICommandHandler<ProbeAccessCommand, string>, ProbeAccessCommandHandler>();
        services.AddSingleton<IValidator<ProbeCommand>, ProbeCommandValidator>();
        services.AddApplication(); // decorates every handler registered so far
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<ICommandHandler<ProbeCommand, string>>(), unitOfWork, provider);
    }
}

public sealed record ProbeCommand(string Name) : ICommand<string>;

/// <summary>A probe whose success can take access away (as blocking an organization can).</summary>
public sealed record ProbeAccessCommand(string Name) : ICommand<string>, IChangesStanding;

public sealed class ProbeAccessCommandHandler(ProbeOutcome outcome, IUnitOfWork unitOfWork) : ICommandHandler<ProbeAccessCommand, string>
{
    public Task<Result<string>> Handle(ProbeAccessCommand command, CancellationToken cancellationToken) =>
        new ProbeCommandHandler(outcome, unitOfWork).Handle(new ProbeCommand(command.Name), cancellationToken);
}

/// <summary>Records in the unit of work's events when the remembered standings are forgotten.</summary>
public sealed class RecordingStandings(List<string> events) : IRememberedStandings
{
    public void Forget() => events.Add("forget");
}

public sealed record ProbeOutcome(bool Succeed, ErrorKind Failure);

public sealed class ProbeCommandValidator : AbstractValidator<ProbeCommand>
{
    public ProbeCommandValidator() => RuleFor(c => c.Name).NotEmpty();
}

public sealed class ProbeCommandHandler(ProbeOutcome outcome, IUnitOfWork unitOfWork) : ICommandHandler<ProbeCommand, string>
{
    public Task<Result<string>> Handle(ProbeCommand command, CancellationToken cancellationToken)
    {
        ((RecordingUnitOfWork)unitOfWork).Events.Add("handled");
        return Task.FromResult(outcome.Succeed
            ? Result<string>.Success(command.Name)
            : Result<string>.Failure(new Error("probe_failed", "It failed.", outcome.Failure)));
    }
}

/// <summary>
/// Records what the decorator asks of the unit of work; no database is involved in this unit test. The first
/// <c>lostRaces</c> saves lose an optimistic-concurrency race.
/// </summary>
public sealed class RecordingUnitOfWork(int lostRaces) : IUnitOfWork
{
    private int _saves;

    public List<string> Events { get; } = [];

    public Task<ITransactionScope> BeginAsync(CancellationToken cancellationToken)
    {
        Events.Add("begin");
        return Task.FromResult<ITransactionScope>(new Scope(Events));
    }

    public Task<Result<Unit>> SaveChangesAsync(CancellationToken cancellationToken)
    {
        Events.Add("save");
        return Task.FromResult(_saves++ < lostRaces
            ? Result<Unit>.Failure(new Error(ErrorCodes.PreconditionFailed, "Changed meanwhile.", ErrorKind.PreconditionFailed))
            : Result<Unit>.Success(Unit.Value));
    }

    public void DiscardChanges() => Events.Add("discard");

    public void UndoOnRollback(Func<Task> undo) => Events.Add("undo on rollback");

    public void AfterCommit(Func<Task> effect) => Events.Add("after commit");

    private sealed class Scope(List<string> events) : ITransactionScope
    {
        public Task CommitAsync(CancellationToken cancellationToken)
        {
            events.Add("commit");
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            events.Add("dispose");
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The probe's result names no user, so the pipeline's name lookup is never asked.</summary>
internal sealed class NoUserNames : MakCrm.Application.Abstractions.Security.IUserNameDirectory
{
    public Task<IReadOnlyDictionary<Guid, string>> DisplayNamesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A result that names no user needs no names.");
}
