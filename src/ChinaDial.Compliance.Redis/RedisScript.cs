using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace ChinaDial.Compliance.Redis;

/// <summary>A Lua script run by <c>EVALSHA</c> (one round trip); after a server restart emptied the script cache, the
/// <c>NOSCRIPT</c> answer is followed once by <c>EVAL</c>, which loads it again.</summary>
internal sealed class RedisScript
{
    private readonly string _text;
    private readonly byte[] _sha1;

    /// <summary>The script's text, as sent with <c>EVAL</c>.</summary>
    internal string Text => _text;

    public RedisScript(string text)
    {
        _text = text;
#pragma warning disable CA5350 // Redis names scripts by their SHA-1 digest; no security rests on it.
        _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
    }

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(_sha1, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(_text, keys, values).ConfigureAwait(false);
        }
    }

    /// <summary>Loads the script into <paramref name="server"/>'s cache (<c>SCRIPT LOAD</c>), so that its first
    /// <c>EVALSHA</c> finds it.</summary>
    public Task LoadAsync(IServer server) => server.ScriptLoadAsync(_text);

    /// <summary>Runs the script without waiting for its answer (<see cref="CommandFlags.FireAndForget"/>): the text is
    /// sent with <c>EVAL</c>, or by its digest once StackExchange.Redis knows the server holds it.</summary>
    public void Send(IDatabase database, RedisKey[] keys, RedisValue[] values)
        => database.ScriptEvaluate(_text, keys, values, CommandFlags.FireAndForget);
}
