using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Custom field definitions through the SDK, against the real API on a loopback port.</summary>
public sealed class CustomFieldsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_select_field_is_defined_listed_changed_and_deleted()
    {
        var created = await Api.CreateCustomFieldDefinitionAsync(new CreateCustomFieldDefinitionRequest
        {
            Entity = CustomFieldEntity.Lead,
            Key = "loan_purpose",
            Label = "Цель кредита",
            Type = CustomFieldType.Select,
            Options = ["Покупка жилья", "Рефинансирование"],
            Required = true,
        });

        created.StatusCode.Should().Be(201);
        created.ETag.Should().Be("\"1\"");
        created.Result.Options.Should().Equal("Покупка жилья", "Рефинансирование");
        (await Api.ListCustomFieldDefinitionsAsync(entity: CustomFieldEntity.Lead)).Result.Items.Select(f => f.Key)
            .Should().Equal("loan_purpose");

        var archived = await Api.UpdateCustomFieldDefinitionAsync(created.Result.Id, created.ETag!,
            new UpdateCustomFieldDefinitionRequest { Archived = true });
        archived.Result.Archived.Should().BeTrue();
        await Expect.ProblemAsync(() => Api.CreateCustomFieldDefinitionAsync(new CreateCustomFieldDefinitionRequest
        {
            Entity = CustomFieldEntity.Lead, Key = "loan_purpose", Label = "Ещё раз", Type = CustomFieldType.Text,
        }), 409, "custom_field_exists");

        (await Api.DeleteCustomFieldDefinitionAsync(created.Result.Id, archived.ETag)).StatusCode.Should().Be(204);
        await Expect.ProblemAsync(() => Api.GetCustomFieldDefinitionAsync(created.Result.Id), 404, "not_found");
    }
}
