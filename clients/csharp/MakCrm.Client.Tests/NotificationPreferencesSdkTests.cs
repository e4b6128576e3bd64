using System.Net.Http.Json;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The signed-in user's notification preferences through the SDK: defaults, a stored choice, back to the defaults, refusals.</summary>
public sealed class NotificationPreferencesSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Every_kind_and_channel_has_its_default_a_choice_is_stored_and_an_empty_list_goes_back_to_the_defaults()
    {
        var defaults = (await Api.GetMyNotificationPreferencesAsync()).Result.Items.ToList();
        defaults.Should().ContainSingle(p => p.Kind == NotificationKind.Task_overdue && p.Channel == NotificationChannel.Email)
            .Which.Should().BeEquivalentTo(new { Enabled = true, Chosen = false });
        defaults.Where(p => p.Channel == NotificationChannel.In_app).Should().OnlyContain(p => p.Enabled);

        var replaced = await Api.ReplaceMyNotificationPreferencesAsync(new ReplaceNotificationPreferencesRequest
        {
            Items = [new NotificationPreferenceChoice { Kind = NotificationKind.Task_overdue, Channel = NotificationChannel.Email, Enabled = false }],
        });
        replaced.StatusCode.Should().Be(200);
        replaced.Result.Items.Should().ContainSingle(p => p.Kind == NotificationKind.Task_overdue && p.Channel == NotificationChannel.Email)
            .Which.Should().BeEquivalentTo(new { Enabled = false, Chosen = true });
        (await Api.GetMyNotificationPreferencesAsync()).Result.Items.Should().BeEquivalentTo(replaced.Result.Items);

        var reset = await Api.ReplaceMyNotificationPreferencesAsync(new ReplaceNotificationPreferencesRequest { Items = [] });
        reset.Result.Items.Should().BeEquivalentTo(defaults, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task A_pair_given_twice_or_an_unknown_kind_is_400_validation_failed()
    {
        var twice = new NotificationPreferenceChoice { Kind = NotificationKind.Lead_assigned, Channel = NotificationChannel.Email, Enabled = true };
        var problem = await Expect.ProblemAsync(
            () => Api.ReplaceMyNotificationPreferencesAsync(new ReplaceNotificationPreferencesRequest { Items = [twice, twice] }),
            400,
            MakProblemCodes.ValidationFailed);
        problem.Errors.Should().NotBeEmpty();

        // A kind the SDK's enum cannot spell, sent around it.
        using var unknown = await Http.PutAsJsonAsync(
            "api/v1/me/notification-preferences",
            new { items = new[] { new { kind = "no_such_kind", channel = "email", enabled = true } } });
        await Expect.ProblemAsync(unknown, 400, MakProblemCodes.ValidationFailed);
        (await Api.GetMyNotificationPreferencesAsync()).Result.Items.Should().OnlyContain(p => !p.Chosen, "a refused replacement stores nothing");
    }
}
