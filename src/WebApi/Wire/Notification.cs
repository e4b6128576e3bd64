using MakCrm.Application.Notifications;
using MakCrm.Contracts;
using MakCrm.Domain.Notifications;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class NotificationMappings
{
    extension(ReplaceNotificationPreferencesRequest request)
    {
        public ReplaceMyNotificationPreferencesCommand ToCommand(VersionCheck ifMatch) =>
            new(
                ifMatch,
                request
                    .Items.Select(i => new Application.Abstractions.Notifications.NotificationChoice(
                        i.Kind,
                        i.Channel,
                        i.Enabled
                    ))
                    .ToList()
            );
    }
}
