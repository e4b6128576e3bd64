using MakCrm.Domain.Calendars;

namespace MakCrm.Application.Abstractions.Persistence;

public interface ICalendarFeedRepository
{
    void Add(CalendarFeed feed);

    /// <summary>The user's live feed, tracked; <c>null</c> when it has none.</summary>
    Task<CalendarFeed?> FindLiveAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The live feed with this token hash, tracked; <c>null</c> when none (unknown or revoked).</summary>
    Task<CalendarFeed?> FindLiveByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);
}
