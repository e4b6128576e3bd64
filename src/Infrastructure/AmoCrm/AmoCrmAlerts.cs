using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Access;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Imports;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// Tells head office's users who manage integrations that amoCRM stopped taking or giving something (the connection
/// stopped, a delivery spent its attempts, writes were refused), as an <see cref="NotificationKind.IntegrationFailed"/>
/// notification through the notification outbox (the cabinet, e-mail and messengers, as each recipient chose). It is
/// written on the caller's connection and in its transaction, so it is sent exactly when the failure it tells of is
/// recorded.
/// </summary>
[Singleton]
public sealed class AmoCrmAlerts(IServiceScopeFactory scopes)
{
    /// <summary>The last sentence of a notice of failures the sync lists (listAmoCrmSyncFailures).</summary>
    public const string SeeTheFailures = "Повторите их из списка сбоев.";

    public async Task TellAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string title,
        string body,
        CancellationToken cancellationToken
    )
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var borrowed = services.GetRequiredService<ImportDbContext>();
        borrowed.Borrow(connection);
        await borrowed.InTransactionAsync(
            transaction,
            async () =>
            {
                var admins = await services
                    .GetRequiredService<IUserDirectory>()
                    .FindHeadOfficeUsersWithAsync(Permissions.IntegrationsManage, cancellationToken);
                await services
                    .GetRequiredService<INotificationOutbox>()
                    .AddAsync(
                        [
                            .. admins.Select(admin => new NotificationDraft(
                                admin.Id,
                                Organization.HeadOfficeId,
                                NotificationKind.IntegrationFailed,
                                title,
                                body
                            )),
                        ],
                        cancellationToken
                    );
                await services.GetRequiredService<MakCrmDbContext>().SaveChangesAsync(cancellationToken);
                await services.GetRequiredService<IEventWriter>().WriteRaisedAsync(cancellationToken);
                return admins.Count;
            },
            cancellationToken
        );
    }
}
