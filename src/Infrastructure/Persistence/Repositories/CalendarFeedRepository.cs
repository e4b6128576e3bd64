using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Calendars;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class CalendarFeedRepository(MakCrmDbContext db) : ICalendarFeedRepository
{
    public void Add(CalendarFeed feed) => db.Set<CalendarFeed>().Add(feed);

    public Task<CalendarFeed?> FindLiveAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Set<CalendarFeed>().FirstOrDefaultAsync(f => f.UserId == userId && f.RevokedAt == null, cancellationToken);

    public Task<CalendarFeed?> FindLiveByTokenHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        db.Set<CalendarFeed>()
            .FirstOrDefaultAsync(f => f.TokenHash == tokenHash && f.RevokedAt == null, cancellationToken);
}
