using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Webhook subscriptions through the SDK: create, list, rotate.</summary>
public sealed class WebhooksSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_subscription_is_created_with_its_secret_listed_without_it_and_rotated_to_a_new_one()
    {
        var created = await Api.CreateWebhookAsync(
            new CreateWebhookRequest { Url = "http://127.0.0.1:9/sdk", EventTypes = [EventType.Client_created, EventType.Lead_status_changed], Description = "SDK" },
            idempotency_Key: Guid.NewGuid().ToString());

        created.StatusCode.Should().Be(201);
        created.Result.Secret.Should().StartWith("whsec_");
        created.Result.Subscription.EventTypes.Should().Equal(EventType.Client_created, EventType.Lead_status_changed);
        created.Result.Subscription.Enabled.Should().BeTrue();

        var page = await Api.ListWebhooksAsync(limit: 10);
        page.Result.Items.Should().ContainSingle(s => s.Id == created.Result.Subscription.Id);

        var rotated = await Api.RotateWebhookSecretAsync(created.Result.Subscription.Id);
        rotated.Result.Secret.Should().StartWith("whsec_").And.NotBe(created.Result.Secret);

        var refused = await Assert.ThrowsAsync<MakCrmApiException<Problem>>(() => Api.CreateWebhookAsync(new CreateWebhookRequest { Url = "ftp://nowhere", EventTypes = [EventType.Client_created] }));
        refused.StatusCode.Should().Be(400);
        refused.Result.Errors!.Keys.Should().Contain("url");
    }
}
