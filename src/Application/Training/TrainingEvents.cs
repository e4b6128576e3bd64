using System.Security.Cryptography;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Calendars;
using MakCrm.Application.Knowledge;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.Knowledge;
using MakCrm.Domain.Training;

namespace MakCrm.Application.Training;

public sealed record EventRegistrationDto(
    Guid EventId,
    Guid UserId,
    Guid OrganizationId,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? AttendedAt,
    AttendanceSource? AttendedVia
)
{
    public static EventRegistrationDto From(EventRegistration r) =>
        new(r.EventId, r.UserId, r.OrganizationId, r.RegisteredAt, r.AttendedAt, r.AttendedVia);
}

public sealed record CreateTrainingEventCommand(
    string Title,
    string? Description,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    TrainingEventFormat Format,
    string? Place,
    string? Url,
    int Capacity,
    IReadOnlyList<string>? AudienceRoles,
    IReadOnlyList<string>? AudienceKinds,
    bool? RegistrationOpen
) : ICommand<Contracts.TrainingEvent>;

public sealed record UpdateTrainingEventCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Title,
    Patch<string> Description,
    Patch<DateTimeOffset> StartsAt,
    Patch<DateTimeOffset> EndsAt,
    Patch<TrainingEventFormat> Format,
    Patch<string?> Place,
    Patch<string?> Url,
    Patch<int> Capacity,
    Patch<IReadOnlyList<string>> AudienceRoles,
    Patch<IReadOnlyList<string>> AudienceKinds,
    Patch<bool> RegistrationOpen
) : ICommand<Contracts.TrainingEvent>;

/// <summary>Head office cancels an event: it leaves every list and calendar, and its registrants are told (unless it is
/// over).</summary>
public sealed record CancelTrainingEventCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

public sealed record ListTrainingEventsQuery : IQuery<IReadOnlyList<Contracts.TrainingEvent>>;

public sealed record GetTrainingEventQuery(Guid Id) : IQuery<Contracts.TrainingEvent>;

public sealed record RegisterForEventCommand(Guid EventId) : ICommand<EventRegistrationDto>;

public sealed record CancelEventRegistrationCommand(Guid EventId) : ICommand<Unit>;

public sealed record ListTrainingEventRegistrationsQuery(Guid EventId) : IQuery<IReadOnlyList<EventRegistrationDto>>;

/// <summary>Head office marks a registered user present.</summary>
public sealed record MarkAttendanceCommand(Guid EventId, Guid UserId) : ICommand<EventRegistrationDto>;

/// <summary>A registered learner checks in with the event's code.</summary>
public sealed record CheckInCommand(Guid EventId, string Code) : ICommand<EventRegistrationDto>;

internal static class TrainingEventRules
{
    public static IRuleBuilderOptions<T, string?> ValidEventUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(url =>
                url is null
                || (
                    url.Length <= TrainingEvent.MaxUrlLength
                    && Uri.TryCreate(url, UriKind.Absolute, out var uri)
                    && uri.Scheme == "https"
                )
            )
            .WithMessage($"Must be an absolute https URL of at most {TrainingEvent.MaxUrlLength} characters.");

    public static IRuleBuilderOptions<T, DateTimeOffset> ValidTime<T>(this IRuleBuilder<T, DateTimeOffset> rule) =>
        rule.Must(time => time.Year >= 2000 && time.Year <= 2100)
            .WithMessage("Must be a time of the years 2000 to 2100.");

    public static IRuleBuilderOptions<T, int> ValidCapacity<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, TrainingEvent.MaxCapacity)
            .WithMessage($"Must be between 1 and {TrainingEvent.MaxCapacity}.");

    /// <summary>A check-in code: 8 characters of an alphabet without look-alikes, from the cryptographic
    /// generator.</summary>
    public static string NewCheckInCode() => RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 8);

    /// <summary>The event head office changes or cancels, tracked: 404 when there is none, 412 when the caller's
    /// version is not its.</summary>
    public static async Task<Result<TrainingEvent>> ForChangeAsync(
        ITrainingRepository training,
        Guid id,
        VersionCheck ifMatch,
        CancellationToken cancellationToken
    )
    {
        if (await training.FindEventAsync(id, cancellationToken) is not { } trainingEvent)
        {
            return TrainingCatalog.EventNotFound(id);
        }

        var precondition = ifMatch.Require(trainingEvent.Version);
        return precondition.IsSuccess ? trainingEvent : precondition.Error!;
    }

    public static Error NotRegistered(Guid eventId) =>
        new(
            ErrorCodes.TrainingEventNotRegistered,
            $"The user is not registered for event {eventId}.",
            ErrorKind.Conflict
        );
}

internal sealed class CreateTrainingEventValidator : AbstractValidator<CreateTrainingEventCommand>
{
    public CreateTrainingEventValidator()
    {
        RuleFor(c => c.Title).RequiredText(TrainingEvent.MaxTitleLength);
        RuleFor(c => c.Description).MaximumLength(TrainingEvent.MaxDescriptionLength);
        RuleFor(c => c.Format).IsInEnum();
        RuleFor(c => c.Place).MaximumLength(TrainingEvent.MaxPlaceLength);
        RuleFor(c => c.Url).ValidEventUrl();
        RuleFor(c => c.Capacity).ValidCapacity();
        RuleFor(c => c.StartsAt).ValidTime();
        RuleFor(c => c.EndsAt).ValidTime();
        RuleFor(c => c.AudienceRoles).ValidRoles();
        RuleFor(c => c.AudienceKinds).ValidKinds();
    }
}

internal sealed class UpdateTrainingEventValidator : AbstractValidator<UpdateTrainingEventCommand>
{
    public UpdateTrainingEventValidator()
    {
        When(
            c => c.Title.IsPresent,
            () =>
                RuleFor(c => (string?)c.Title.Value)
                    .RequiredText(TrainingEvent.MaxTitleLength)
                    .OverridePropertyName("title")
        );
        When(
            c => c.Description.IsPresent,
            () =>
                RuleFor(c => c.Description.Value)
                    .NotNull()
                    .MaximumLength(TrainingEvent.MaxDescriptionLength)
                    .OverridePropertyName("description")
        );
        When(c => c.Format.IsPresent, () => RuleFor(c => c.Format.Value).IsInEnum().OverridePropertyName("format"));
        When(
            c => c.Place.IsPresent,
            () => RuleFor(c => c.Place.Value).MaximumLength(TrainingEvent.MaxPlaceLength).OverridePropertyName("place")
        );
        When(c => c.Url.IsPresent, () => RuleFor(c => c.Url.Value).ValidEventUrl().OverridePropertyName("url"));
        When(
            c => c.Capacity.IsPresent,
            () => RuleFor(c => c.Capacity.Value).ValidCapacity().OverridePropertyName("capacity")
        );
        When(
            c => c.StartsAt.IsPresent,
            () => RuleFor(c => c.StartsAt.Value).ValidTime().OverridePropertyName("startsAt")
        );
        When(c => c.EndsAt.IsPresent, () => RuleFor(c => c.EndsAt.Value).ValidTime().OverridePropertyName("endsAt"));
        When(
            c => c.AudienceRoles.IsPresent,
            () =>
                RuleFor(c => (IReadOnlyList<string>?)c.AudienceRoles.Value)
                    .NotNull()
                    .ValidRoles()
                    .OverridePropertyName("audienceRoles")
        );
        When(
            c => c.AudienceKinds.IsPresent,
            () =>
                RuleFor(c => (IReadOnlyList<string>?)c.AudienceKinds.Value)
                    .NotNull()
                    .ValidKinds()
                    .OverridePropertyName("audienceKinds")
        );
    }
}

internal sealed class CheckInValidator : AbstractValidator<CheckInCommand>
{
    public CheckInValidator() => RuleFor(c => c.Code).RequiredText(32);
}

internal sealed class CreateTrainingEventHandler(ITrainingRepository training, ICurrentActor actor, TimeProvider clock)
    : ICommandHandler<CreateTrainingEventCommand, Contracts.TrainingEvent>
{
    public Task<Result<Contracts.TrainingEvent>> Handle(
        CreateTrainingEventCommand command,
        CancellationToken cancellationToken
    )
    {
        var content = new TrainingEventContent(
            command.Title,
            command.Description ?? "",
            command.StartsAt.ToMicroseconds(),
            command.EndsAt.ToMicroseconds(),
            command.Format,
            command.Place,
            command.Url,
            command.Capacity,
            new Visibility(command.AudienceRoles ?? [], command.AudienceKinds ?? []),
            command.RegistrationOpen ?? true
        );
        var created = TrainingEvent.Create(
            clock.NewId(),
            content,
            TrainingEventRules.NewCheckInCode(),
            clock.UtcNowMicroseconds()
        );
        if (!created.IsSuccess)
        {
            return Task.FromResult<Result<Contracts.TrainingEvent>>(created.Error!);
        }

        training.Add(created.Value);
        return Task.FromResult<Result<Contracts.TrainingEvent>>(
            Contracts.TrainingEvent.From(created.Value, TrainingCatalog.ReaderOf(actor), 0, null)
        );
    }
}

/// <summary>Changes an event; when its time, format, place or link moved, its registrants are told where and when it is
/// now.</summary>
internal sealed class UpdateTrainingEventHandler(
    ITrainingRepository training,
    INotificationOutbox outbox,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<UpdateTrainingEventCommand, Contracts.TrainingEvent>
{
    public async Task<Result<Contracts.TrainingEvent>> Handle(
        UpdateTrainingEventCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await TrainingEventRules.ForChangeAsync(training, command.Id, command.IfMatch, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var trainingEvent = found.Value;
        var content = new TrainingEventContent(
            command.Title.Or(trainingEvent.Title),
            command.Description.Or(trainingEvent.Description),
            command.StartsAt.IsPresent ? command.StartsAt.Value.ToMicroseconds() : trainingEvent.StartsAt,
            command.EndsAt.IsPresent ? command.EndsAt.Value.ToMicroseconds() : trainingEvent.EndsAt,
            command.Format.Or(trainingEvent.Format),
            command.Place.Or(trainingEvent.Place),
            command.Url.Or(trainingEvent.Url),
            command.Capacity.Or(trainingEvent.Capacity),
            new Visibility(
                command.AudienceRoles.Or(trainingEvent.AudienceRoles),
                command.AudienceKinds.Or(trainingEvent.AudienceKinds)
            ),
            command.RegistrationOpen.Or(trainingEvent.RegistrationOpen)
        );
        var before = trainingEvent.When;
        var now = clock.UtcNowMicroseconds();
        var updated = trainingEvent.Update(content, now);
        if (!updated.IsSuccess)
        {
            return updated.Error!;
        }

        if (trainingEvent.When != before)
        {
            var registrants = await training.ListRegistrationsAsync(trainingEvent.Id, cancellationToken);
            await outbox.AddAsync(
                TrainingEventNotices.Moved(before, trainingEvent, registrants, actor.UserId, now),
                cancellationToken
            );
        }

        var counts = await training.RegisteredCountsAsync([trainingEvent.Id], cancellationToken);
        return Contracts.TrainingEvent.From(
            trainingEvent,
            TrainingCatalog.ReaderOf(actor),
            counts.GetValueOrDefault(trainingEvent.Id),
            null
        );
    }
}

internal sealed class CancelTrainingEventHandler(
    ITrainingRepository training,
    INotificationOutbox outbox,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CancelTrainingEventCommand, Unit>
{
    public async Task<Result<Unit>> Handle(CancelTrainingEventCommand command, CancellationToken cancellationToken)
    {
        var found = await TrainingEventRules.ForChangeAsync(training, command.Id, command.IfMatch, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var trainingEvent = found.Value;
        var now = clock.UtcNowMicroseconds();
        trainingEvent.Cancel(now);
        var registrants = await training.ListRegistrationsAsync(trainingEvent.Id, cancellationToken);
        await outbox.AddAsync(
            TrainingEventNotices.Cancelled(
                trainingEvent.When,
                trainingEvent.Title,
                trainingEvent.Id,
                registrants,
                actor.UserId,
                now
            ),
            cancellationToken
        );
        return Unit.Value;
    }
}

/// <summary>The upcoming events (not ended yet) the caller may see, soonest first, each with the caller's
/// registration.</summary>
internal sealed class ListTrainingEventsHandler(ITrainingRepository training, ICurrentActor actor, TimeProvider clock)
    : IQueryHandler<ListTrainingEventsQuery, IReadOnlyList<Contracts.TrainingEvent>>
{
    public async Task<Result<IReadOnlyList<Contracts.TrainingEvent>>> Handle(
        ListTrainingEventsQuery query,
        CancellationToken cancellationToken
    )
    {
        var reader = TrainingCatalog.ReaderOf(actor);
        var events = await training.ListReadableEventsAsync(reader, clock.GetUtcNow(), cancellationToken);
        var ids = events.Select(e => e.Id).ToList();
        var counts = await training.RegisteredCountsAsync(ids, cancellationToken);
        var mine = reader.UserId is { } user
            ? await training.RegistrationsOfAsync(user, ids, cancellationToken)
            : new Dictionary<Guid, EventRegistration>();
        return Result<IReadOnlyList<Contracts.TrainingEvent>>.Success(
            events
                .Select(e =>
                    Contracts.TrainingEvent.From(
                        e,
                        reader,
                        counts.GetValueOrDefault(e.Id),
                        mine.GetValueOrDefault(e.Id)
                    )
                )
                .ToList()
        );
    }
}

internal sealed class GetTrainingEventHandler(ITrainingRepository training, ICurrentActor actor)
    : IQueryHandler<GetTrainingEventQuery, Contracts.TrainingEvent>
{
    public async Task<Result<Contracts.TrainingEvent>> Handle(
        GetTrainingEventQuery query,
        CancellationToken cancellationToken
    )
    {
        var reader = TrainingCatalog.ReaderOf(actor);
        if (await training.FindReadableEventAsync(query.Id, reader, false, cancellationToken) is not { } trainingEvent)
        {
            return TrainingCatalog.EventNotFound(query.Id);
        }

        var counts = await training.RegisteredCountsAsync([trainingEvent.Id], cancellationToken);
        var mine = reader.UserId is { } user
            ? await training.FindRegistrationAsync(trainingEvent.Id, user, cancellationToken)
            : null;
        return Contracts.TrainingEvent.From(trainingEvent, reader, counts.GetValueOrDefault(trainingEvent.Id), mine);
    }
}

/// <summary>
/// Registers the caller. The event row is update-locked first, so parallel registrations count the seats one at a
/// time and the capacity is never exceeded (409 <c>training_event_full</c>); registering again answers the existing
/// registration (and tells nothing again). Registration must be open and the event not over. A new registration is
/// confirmed to the learner through the notification outbox.
/// </summary>
internal sealed class RegisterForEventHandler(
    ITrainingRepository training,
    INotificationOutbox outbox,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RegisterForEventCommand, EventRegistrationDto>
{
    public async Task<Result<EventRegistrationDto>> Handle(
        RegisterForEventCommand command,
        CancellationToken cancellationToken
    )
    {
        var reader = TrainingCatalog.ReaderOf(actor);
        if (
            await training.FindReadableEventAsync(command.EventId, reader, true, cancellationToken)
            is not { } trainingEvent
        )
        {
            return TrainingCatalog.EventNotFound(command.EventId);
        }

        if (reader.UserId is not { } user)
        {
            return TrainingCatalog.UserRequired("Registering for an event");
        }

        if (await training.FindRegistrationAsync(trainingEvent.Id, user, cancellationToken) is { } existing)
        {
            return EventRegistrationDto.From(existing);
        }

        var now = clock.UtcNowMicroseconds();
        if (!trainingEvent.RegistrationOpen || trainingEvent.EndsAt <= now)
        {
            return new Error(
                ErrorCodes.TrainingEventRegistrationClosed,
                "Registration for this event is closed.",
                ErrorKind.Conflict
            );
        }

        var counts = await training.RegisteredCountsAsync([trainingEvent.Id], cancellationToken);
        if (counts.GetValueOrDefault(trainingEvent.Id) >= trainingEvent.Capacity)
        {
            return new Error(
                ErrorCodes.TrainingEventFull,
                $"All {trainingEvent.Capacity} places of the event are taken.",
                ErrorKind.Conflict
            );
        }

        var registration = EventRegistration.Of(clock.NewId(), trainingEvent.Id, user, actor.OrganizationId, now);
        training.Add(registration);
        await outbox.AddAsync(TrainingEventNotices.Registered(trainingEvent, registration), cancellationToken);
        return EventRegistrationDto.From(registration);
    }
}

/// <summary>Cancels the caller's registration (its seat is freed); cancelling when not registered changes
/// nothing.</summary>
internal sealed class CancelEventRegistrationHandler(ITrainingRepository training, ICurrentActor actor)
    : ICommandHandler<CancelEventRegistrationCommand, Unit>
{
    public async Task<Result<Unit>> Handle(CancelEventRegistrationCommand command, CancellationToken cancellationToken)
    {
        var reader = TrainingCatalog.ReaderOf(actor);
        if (await training.FindReadableEventAsync(command.EventId, reader, true, cancellationToken) is null)
        {
            return TrainingCatalog.EventNotFound(command.EventId);
        }

        if (reader.UserId is not { } user)
        {
            return TrainingCatalog.UserRequired("Cancelling a registration");
        }

        if (await training.FindRegistrationAsync(command.EventId, user, cancellationToken) is { } registration)
        {
            training.Remove(registration);
        }

        return Unit.Value;
    }
}

internal sealed class ListEventRegistrationsHandler(ITrainingRepository training)
    : IQueryHandler<ListTrainingEventRegistrationsQuery, IReadOnlyList<EventRegistrationDto>>
{
    public async Task<Result<IReadOnlyList<EventRegistrationDto>>> Handle(
        ListTrainingEventRegistrationsQuery query,
        CancellationToken cancellationToken
    )
    {
        if (await training.FindEventAsync(query.EventId, cancellationToken) is null)
        {
            return TrainingCatalog.EventNotFound(query.EventId);
        }

        return Result<IReadOnlyList<EventRegistrationDto>>.Success(
            (await training.ListRegistrationsAsync(query.EventId, cancellationToken))
                .Select(EventRegistrationDto.From)
                .ToList()
        );
    }
}

/// <summary>Records attendance once per user and event, raising <c>training.event_attended</c> in the learner's
/// organization that once.</summary>
internal sealed class Attendance(ITrainingRepository training, IEventOutbox events, TimeProvider clock)
{
    public async Task<Result<EventRegistrationDto>> MarkAsync(
        Guid eventId,
        Guid userId,
        AttendanceSource via,
        CancellationToken cancellationToken
    )
    {
        if (await training.FindRegistrationAsync(eventId, userId, cancellationToken) is not { } registration)
        {
            return TrainingEventRules.NotRegistered(eventId);
        }

        if (registration.Attend(via, clock.UtcNowMicroseconds()))
        {
            events.Raise(
                EventPayloads.TrainingEventAttended,
                registration.OrganizationId,
                registration.Id,
                Contracts.EventAttendance.From(registration)
            );
        }

        return EventRegistrationDto.From(registration);
    }
}

internal sealed class MarkAttendanceHandler(ITrainingRepository training, IEventOutbox events, TimeProvider clock)
    : ICommandHandler<MarkAttendanceCommand, EventRegistrationDto>
{
    public async Task<Result<EventRegistrationDto>> Handle(
        MarkAttendanceCommand command,
        CancellationToken cancellationToken
    )
    {
        if (
            await training.FindReadableEventAsync(
                command.EventId,
                new TrainingReader(true, null, Guid.Empty, []),
                true,
                cancellationToken
            )
            is null
        )
        {
            return TrainingCatalog.EventNotFound(command.EventId);
        }

        return await new Attendance(training, events, clock).MarkAsync(
            command.EventId,
            command.UserId,
            AttendanceSource.Organiser,
            cancellationToken
        );
    }
}

/// <summary>A registered learner checks in with the event's code (compared in constant time); a wrong code is
/// 422.</summary>
internal sealed class CheckInHandler(
    ITrainingRepository training,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CheckInCommand, EventRegistrationDto>
{
    public async Task<Result<EventRegistrationDto>> Handle(CheckInCommand command, CancellationToken cancellationToken)
    {
        var reader = TrainingCatalog.ReaderOf(actor);
        if (
            await training.FindReadableEventAsync(command.EventId, reader, true, cancellationToken)
            is not { } trainingEvent
        )
        {
            return TrainingCatalog.EventNotFound(command.EventId);
        }

        if (reader.UserId is not { } user)
        {
            return TrainingCatalog.UserRequired("Checking in");
        }

        var code = command.Code.Trim().ToUpperInvariant();
        if (
            !CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(code),
                System.Text.Encoding.UTF8.GetBytes(trainingEvent.CheckInCode)
            )
        )
        {
            return new Error(ErrorCodes.CheckInCodeInvalid, "The check-in code is wrong.", ErrorKind.Unprocessable);
        }

        return await new Attendance(training, events, clock).MarkAsync(
            trainingEvent.Id,
            user,
            AttendanceSource.CheckIn,
            cancellationToken
        );
    }
}

/// <summary>The training events a user registered for, in its personal calendar: one entry each, with its place or
/// link.</summary>
internal sealed class TrainingEventCalendarSource(ITrainingRepository training) : ICalendarSource
{
    /// <summary>The most events a feed carries (the soonest).</summary>
    public const int MaxEvents = 500;

    public async Task<IReadOnlyList<CalendarItem>> ItemsForAsync(
        Guid userId,
        DateTimeOffset now,
        CancellationToken cancellationToken
    ) =>
        (await training.RegisteredEventsAsync(userId, now.AddDays(-30), MaxEvents, cancellationToken))
            .Select(e => new CalendarItem(
                $"training-event-{e.Id}@mak-crm",
                e.Title,
                string.IsNullOrEmpty(e.Description) ? null : e.Description,
                e.StartsAt,
                e.EndsAt,
                e.UpdatedAt,
                e.Place,
                e.Url
            ))
            .ToList();
}

/// <summary>Training events and attendances as the API answers them.</summary>
public static class TrainingEventAnswers
{
    extension(Contracts.TrainingEvent)
    {
        /// <summary>
        /// An event as the caller sees it: how many are registered and whether the caller is; the check-in code only
        /// for
        /// head office (a learner learns it at the event).
        /// </summary>
        public static Contracts.TrainingEvent From(
            TrainingEvent e,
            TrainingReader reader,
            int registered,
            EventRegistration? mine
        ) =>
            new(
                e.Id,
                e.Title,
                e.Description,
                e.StartsAt,
                e.EndsAt,
                e.Format,
                e.Place,
                e.Url,
                e.Capacity,
                registered,
                e.AudienceRoles,
                e.AudienceKinds,
                e.RegistrationOpen,
                mine is not null,
                mine?.AttendedAt,
                reader.Manager ? e.CheckInCode : null,
                e.CreatedAt,
                e.UpdatedAt,
                e.Version
            );
    }

    extension(Contracts.EventAttendance)
    {
        /// <summary>That a learner attended an event: what <c>training.event_attended</c> carries.</summary>
        public static Contracts.EventAttendance From(EventRegistration r) =>
            new(r.EventId, r.UserId, r.AttendedAt!.Value, r.AttendedVia!.Value);
    }
}
