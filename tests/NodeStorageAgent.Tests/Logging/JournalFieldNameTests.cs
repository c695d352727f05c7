using FsCheck;
using FsCheck.Fluent;
using NodeStorageAgent.Logging;

namespace NodeStorageAgent.Tests.Logging;

public class JournalFieldNameTests
{
    [Theory]
    [InlineData("StorePath", "NSA_STORE_PATH")]
    [InlineData("StoreKind", "NSA_STORE_KIND")]
    [InlineData("Health", "NSA_HEALTH")]
    [InlineData("Generation", "NSA_GENERATION")]
    [InlineData("Action", "NSA_ACTION")]
    [InlineData("storePath", "NSA_STORE_PATH")]
    [InlineData("store_path", "NSA_STORE_PATH")]
    [InlineData("HTTPServer", "NSA_HTTP_SERVER")]
    [InlineData("Ipv6Address", "NSA_IPV6_ADDRESS")]
    [InlineData("Store2", "NSA_STORE2")]
    [InlineData("SourceContext", "NSA_SOURCE_CONTEXT")]
    [InlineData("Größe", "NSA_GRE")]
    [InlineData("a.b-c d", "NSA_A_B_C_D")]
    [InlineData("_Leading__", "NSA_LEADING")]
    [InlineData("0", "NSA_0")]
    public void PascalCaseBecomesPrefixedUpperSnake(string property, string field)
    {
        Assert.Equal(field, JournalFieldName.FromPropertyName(property));
    }

    [Theory]
    [InlineData("")]
    [InlineData("___")]
    [InlineData("äöü")]
    public void NothingUsableLeftGivesNull(string property)
    {
        Assert.Null(JournalFieldName.FromPropertyName(property));
    }

    [Fact]
    public void LongNamesAreCutToSixtyFourCharacters()
    {
        Assert.Equal(64, JournalFieldName.FromPropertyName(new string('X', 100))!.Length);

        // Cut at 64, then the dangling separator goes.
        Assert.Equal("NSA_" + string.Join('_', Enumerable.Repeat("WORD", 12)),
            JournalFieldName.FromPropertyName(string.Concat(Enumerable.Repeat("Word", 30))));
    }

    [Fact]
    public void EveryResultIsAValidJournalFieldName()
    {
        Prop.ForAll<string>(property =>
        {
            var field = JournalFieldName.FromPropertyName(property ?? "");
            return field is null || (JournalFieldName.IsValid(field) && field.StartsWith(JournalFieldName.Prefix, StringComparison.Ordinal));
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("MESSAGE", true)]
    [InlineData("NSA_X_1", true)]
    [InlineData("_PID", false)]
    [InlineData("1X", false)]
    [InlineData("Message", false)]
    [InlineData("", false)]
    public void ValidityFollowsJournaldRules(string field, bool valid)
    {
        Assert.Equal(valid, JournalFieldName.IsValid(field));
        Assert.False(JournalFieldName.IsValid(new string('A', 65)));
    }
}
