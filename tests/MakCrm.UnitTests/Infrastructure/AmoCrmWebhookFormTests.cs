using FluentAssertions;
using MakCrm.Infrastructure.AmoCrm;
using Xunit;

namespace MakCrm.UnitTests.Infrastructure;

/// <summary>amoCRM's webhook form read as the changes it names, each with the entity's fields as the delivery carries
/// them in the API's shape.</summary>
public sealed class AmoCrmWebhookFormTests
{
    [Fact]
    public void A_lead_delivery_carries_its_fields_by_their_API_names_and_its_custom_fields_as_the_API_nests_them()
    {
        // Sparse indexes, a field given by id, and a value given directly under its index with no [value] key.
        const string Body =
            "leads[status][3][id]=7001&leads[status][3][status_id]=70000012&leads[status][3][pipeline_id]=7000001"
            + "&leads[status][3][price]=450000&leads[status][3][responsible_user_id]=501"
            + "&leads[status][3][last_modified]=1764417600&leads[status][3][modified_user_id]=502"
            + "&leads[status][3][custom_fields][800001][id]=800001&leads[status][3][custom_fields][800001][name]=Sum"
            + "&leads[status][3][custom_fields][800001][values][0][value]=900000"
            + "&leads[status][3][custom_fields][5][id]=800002&leads[status][3][custom_fields][5][values][2]=a"
            + "&account[id]=31415926";

        var change = AmoCrmWebhookForm.Changes(Body).Should().ContainSingle().Subject;

        (change.Entity, change.Action, change.Id).Should().Be(("leads", "status", 7001L));
        change
            .Delivered.ToJsonString()
            .Should()
            .Be(
                "{\"id\":\"7001\",\"status_id\":\"70000012\",\"pipeline_id\":\"7000001\",\"price\":\"450000\","
                    + "\"responsible_user_id\":\"501\",\"updated_at\":\"1764417600\",\"updated_by\":\"502\","
                    + "\"custom_fields_values\":[{\"field_id\":\"800001\",\"values\":[{\"value\":\"900000\"}]},"
                    + "{\"field_id\":\"800002\",\"values\":[{\"value\":\"a\"}]}]}"
            );
        var lead = AmoCrmReader.Lead(change.Delivered);
        (lead.StatusId, lead.PipelineId, lead.ResponsibleUserId).Should().Be((70000012L, 7000001L, 501L));
        lead.Fields.Should().ContainSingle(f => f.FieldId == 800001).Which.Values.Single().Value.Should().Be("900000");
    }

    [Fact]
    public void A_delete_without_an_index_and_a_company_under_contacts_are_named_with_what_they_carry()
    {
        var changes = AmoCrmWebhookForm.Changes(
            "leads[delete][id]=7002&contacts[update][0][id]=9001&contacts[update][0][type]=company&account[id]=1"
        );

        changes
            .Select(c => (c.Entity, c.Action, c.Id))
            .Should()
            .Equal(("leads", "delete", 7002L), ("companies", "update", 9001L));
        changes[0].Delivered.ToJsonString().Should().Be("""{"id":"7002"}""");
    }
}
