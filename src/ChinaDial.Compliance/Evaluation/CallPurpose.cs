namespace ChinaDial.Compliance;

/// <summary>Why a call is placed; rules such as consent and caller-ID short codes depend on it.</summary>
public enum CallPurpose
{
    /// <summary>A sales or marketing call: needs consent on record (by default) and may not use a 95/96 short code.</summary>
    Marketing = 0,

    /// <summary>A service call to an existing customer (delivery, account, appointment).</summary>
    Service = 1,

    /// <summary>A call the callee asked for, e.g. through a click-to-dial form.</summary>
    Callback = 2,
}
