// A .NET client of esent.dll's binary interface, as ManagedEsent and other bindings declare it:
// DllImport("esent.dll") (mapped to libesent.so by EsentClient.exe.config's dllmap), JET_ERR and
// esent's `unsigned long` as 32-bit, handles as IntPtr, structures in their Windows x64 layout.
// It drives the lifecycle, DDL, inserts, seeks, retrieval with JET_RETRIEVECOLUMN arrays, a
// temporary table and escrow, and passes every `unsigned long *` out-parameter as a 4-byte slot
// followed by a sentinel that must survive the call.
// Usage: mono EsentClient.exe FOLDER. Exit status 0, or 1 with the failed check on stderr.
using System;
using System.Runtime.InteropServices;
using System.Text;

[StructLayout(LayoutKind.Sequential)]
struct JET_COLUMNDEF {
    public uint cbStruct;
    public uint columnid;
    public uint coltyp;
    public ushort wCountry;
    public ushort langid;
    public ushort cp;
    public ushort wCollate;
    public uint cbMax;
    public uint grbit;
}

[StructLayout(LayoutKind.Sequential)]
struct JET_RETRIEVECOLUMN {
    public uint columnid;
    public IntPtr pvData;
    public uint cbData;
    public uint cbActual;
    public uint grbit;
    public uint ibLongValue;
    public uint itagSequence;
    public uint columnidNextTagged;
    public int err;
}

static class Esent {
    const string Dll = "esent.dll";
    [DllImport(Dll, CharSet = CharSet.Ansi, ExactSpelling = true)]
    public static extern int JetCreateInstance(out IntPtr instance, string szInstanceName);
    [DllImport(Dll, CharSet = CharSet.Ansi, ExactSpelling = true)]
    public static extern int JetSetSystemParameter(ref IntPtr instance, IntPtr sesid, uint paramid, IntPtr lParam, string szParam);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetInit(ref IntPtr instance);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetTerm(IntPtr instance);
    [DllImport(Dll, CharSet = CharSet.Ansi, ExactSpelling = true)]
    public static extern int JetBeginSession(IntPtr instance, out IntPtr sesid, string user, string password);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetEndSession(IntPtr sesid, uint grbit);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetGetVersion(IntPtr sesid, IntPtr pwVersion);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetGetInstanceInfo(IntPtr pcInstanceInfo, out IntPtr paInstanceInfo);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetFreeBuffer(IntPtr pbBuf);
    [DllImport(Dll, CharSet = CharSet.Ansi, ExactSpelling = true)]
    public static extern int JetCreateDatabase(IntPtr sesid, string file, string connect, out uint dbid, uint grbit);
    [DllImport(Dll, CharSet = CharSet.Ansi, ExactSpelling = true)]
    public static extern int JetCreateTable(IntPtr sesid, uint dbid, string name, uint pages, uint density, out IntPtr tableid);
    [DllImport(Dll, CharSet = CharSet.Ansi, ExactSpelling = true)]
    public static extern int JetAddColumn(IntPtr sesid, IntPtr tableid, string name, ref JET_COLUMNDEF def, byte[] pvDefault, uint cbDefault, out uint columnid);
    [DllImport(Dll, CharSet = CharSet.Ansi, ExactSpelling = true)]
    public static extern int JetCreateIndex(IntPtr sesid, IntPtr tableid, string name, uint grbit, string key, uint cbKey, uint density);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetCloseTable(IntPtr sesid, IntPtr tableid);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetBeginTransaction(IntPtr sesid);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetCommitTransaction(IntPtr sesid, uint grbit);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetPrepareUpdate(IntPtr sesid, IntPtr tableid, uint prep);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetSetColumn(IntPtr sesid, IntPtr tableid, uint columnid, byte[] data, uint cb, uint grbit, IntPtr setinfo);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetUpdate(IntPtr sesid, IntPtr tableid, byte[] bookmark, uint cb, IntPtr pcbActual);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetMakeKey(IntPtr sesid, IntPtr tableid, byte[] data, uint cb, uint grbit);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetSeek(IntPtr sesid, IntPtr tableid, uint grbit);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetMove(IntPtr sesid, IntPtr tableid, int cRow, uint grbit);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetRetrieveColumn(IntPtr sesid, IntPtr tableid, uint columnid, byte[] data, uint cb, IntPtr pcbActual, uint grbit, IntPtr retinfo);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetRetrieveColumns(IntPtr sesid, IntPtr tableid, [In, Out] JET_RETRIEVECOLUMN[] columns, uint count);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetOpenTempTable(IntPtr sesid, [In] JET_COLUMNDEF[] defs, uint ccolumn, uint grbit, out IntPtr tableid, [Out] uint[] columnids);
    [DllImport(Dll, ExactSpelling = true)]
    public static extern int JetEscrowUpdate(IntPtr sesid, IntPtr tableid, uint columnid, byte[] delta, uint cb, byte[] old, uint cbOld, IntPtr pcbOldActual, uint grbit);
}

static class Program {
    const uint JET_paramSystemPath = 0, JET_paramLogFilePath = 2, JET_paramRecovery = 34, JET_paramCreatePathIfNotExist = 100;
    const uint JET_coltypLong = 4, JET_coltypLongText = 12;
    const uint JET_bitIndexPrimary = 0x2, JET_bitColumnFixed = 0x1, JET_bitColumnEscrowUpdate = 0x800;
    const uint JET_prepInsert = 0, JET_bitNewKey = 0x1, JET_bitSeekEQ = 0x1, JET_bitTTIndexed = 0x1;
    const int JET_MoveFirst = int.MinValue, JET_MoveNext = 1;
    const int JET_errNoCurrentRecord = -1603, JET_wrnBufferTruncated = 1006;
    const uint Guard = 0xA5A5A5A5;

    static int failures;

    static void Check(bool ok, string what) {
        if (ok) return;
        Console.Error.WriteLine("EsentClient: FAILED: " + what);
        failures++;
    }

    static int Ok(int err, string call) {
        Check(err >= 0, call + " returned " + err);
        return err;
    }

    // A 4-byte out-parameter slot followed by a guard, in unmanaged memory as a binding marshals.
    sealed class Slot : IDisposable {
        public readonly IntPtr Ptr = Marshal.AllocHGlobal(8);
        public Slot() { Marshal.WriteInt32(Ptr, 0); Marshal.WriteInt32(Ptr, 4, unchecked((int)Guard)); }
        public uint Value { get { return unchecked((uint)Marshal.ReadInt32(Ptr)); } }
        public bool GuardIntact { get { return unchecked((uint)Marshal.ReadInt32(Ptr, 4)) == Guard; } }
        public void Dispose() { Marshal.FreeHGlobal(Ptr); }
    }

    static byte[] Int(int v) { return BitConverter.GetBytes(v); }

    static int Main(string[] args) {
        if (args.Length < 1) return 2;
        string dir = args[0].TrimEnd('/') + "/";
        Check(Marshal.SizeOf(typeof(JET_COLUMNDEF)) == 28, "JET_COLUMNDEF is 28 bytes");
        Check(Marshal.SizeOf(typeof(JET_RETRIEVECOLUMN)) == 48, "JET_RETRIEVECOLUMN is 48 bytes");

        IntPtr inst;
        Ok(Esent.JetCreateInstance(out inst, "dotnet"), "JetCreateInstance");
        Ok(Esent.JetSetSystemParameter(ref inst, IntPtr.Zero, JET_paramCreatePathIfNotExist, new IntPtr(1), null), "CreatePathIfNotExist");
        // A Windows-built path: '\' separators.
        Ok(Esent.JetSetSystemParameter(ref inst, IntPtr.Zero, JET_paramSystemPath, IntPtr.Zero, dir + "sys\\"), "SystemPath");
        Ok(Esent.JetSetSystemParameter(ref inst, IntPtr.Zero, JET_paramLogFilePath, IntPtr.Zero, dir + "logs\\"), "LogFilePath");
        Ok(Esent.JetInit(ref inst), "JetInit");
        IntPtr ses;
        Ok(Esent.JetBeginSession(inst, out ses, null, null), "JetBeginSession");

        using (var version = new Slot()) {
            Ok(Esent.JetGetVersion(ses, version.Ptr), "JetGetVersion");
            Check(version.Value != 0 && version.GuardIntact, "JetGetVersion's 4-byte out-parameter");
            // ManagedEsent reads its feature level from bits 8..23: Windows Server 2003's build.
            Check(((version.Value & 0xFFFFFF) >> 8) == 3790, "JetGetVersion reports esent 5.2.3790");
        }
        using (var count = new Slot()) {
            IntPtr infos;
            Ok(Esent.JetGetInstanceInfo(count.Ptr, out infos), "JetGetInstanceInfo");
            Check(count.Value == 1 && count.GuardIntact, "JetGetInstanceInfo's count");
            // JET_INSTANCE_INFO: hInstanceId@0, szInstanceName@8 (48 bytes each).
            Check(Marshal.ReadIntPtr(infos, 0) == inst, "JET_INSTANCE_INFO.hInstanceId");
            Check(Marshal.PtrToStringAnsi(Marshal.ReadIntPtr(infos, 8)) == "dotnet", "JET_INSTANCE_INFO.szInstanceName");
            Ok(Esent.JetFreeBuffer(infos), "JetFreeBuffer");
        }

        uint db;
        Ok(Esent.JetCreateDatabase(ses, dir + "data\\client.edb", null, out db, 0), "JetCreateDatabase");
        IntPtr table;
        Ok(Esent.JetCreateTable(ses, db, "people", 0, 100, out table), "JetCreateTable");
        var def = new JET_COLUMNDEF { cbStruct = (uint)Marshal.SizeOf(typeof(JET_COLUMNDEF)), coltyp = JET_coltypLong };
        uint idCol, nameCol, visitsCol;
        Ok(Esent.JetAddColumn(ses, table, "id", ref def, null, 0, out idCol), "JetAddColumn id");
        def.coltyp = JET_coltypLongText;
        def.cp = 1252;
        Ok(Esent.JetAddColumn(ses, table, "name", ref def, null, 0, out nameCol), "JetAddColumn name");
        def = new JET_COLUMNDEF { cbStruct = 28, coltyp = JET_coltypLong, grbit = JET_bitColumnFixed | JET_bitColumnEscrowUpdate };
        Ok(Esent.JetAddColumn(ses, table, "visits", ref def, Int(0), 4, out visitsCol), "JetAddColumn visits");
        Check(idCol != nameCol && nameCol != visitsCol, "distinct column ids");
        Ok(Esent.JetCreateIndex(ses, table, "byid", JET_bitIndexPrimary, "+id\0\0", 5, 100), "JetCreateIndex");

        string[] names = { "ada", "grace", "edsger" };
        Ok(Esent.JetBeginTransaction(ses), "JetBeginTransaction");
        for (int i = 0; i < names.Length; ++i) {
            Ok(Esent.JetPrepareUpdate(ses, table, JET_prepInsert), "JetPrepareUpdate");
            Ok(Esent.JetSetColumn(ses, table, idCol, Int(i + 1), 4, 0, IntPtr.Zero), "JetSetColumn id");
            byte[] name = Encoding.ASCII.GetBytes(names[i]);
            Ok(Esent.JetSetColumn(ses, table, nameCol, name, (uint)name.Length, 0, IntPtr.Zero), "JetSetColumn name");
            using (var bm = new Slot()) {
                Ok(Esent.JetUpdate(ses, table, new byte[256], 256, bm.Ptr), "JetUpdate");
                Check(bm.Value > 0 && bm.Value <= 256 && bm.GuardIntact, "JetUpdate's bookmark size");
            }
        }
        Ok(Esent.JetCommitTransaction(ses, 0), "JetCommitTransaction");

        // Seek, then one column with a guarded size, then a truncated read.
        Ok(Esent.JetMakeKey(ses, table, Int(2), 4, JET_bitNewKey), "JetMakeKey");
        Ok(Esent.JetSeek(ses, table, JET_bitSeekEQ), "JetSeek");
        var buf = new byte[64];
        using (var actual = new Slot()) {
            Ok(Esent.JetRetrieveColumn(ses, table, nameCol, buf, (uint)buf.Length, actual.Ptr, 0, IntPtr.Zero), "JetRetrieveColumn");
            Check(actual.Value == 5 && actual.GuardIntact && Encoding.ASCII.GetString(buf, 0, 5) == "grace", "the sought row's name");
        }
        using (var whole = new Slot()) {
            Check(Esent.JetRetrieveColumn(ses, table, nameCol, buf, 2, whole.Ptr, 0, IntPtr.Zero) == JET_wrnBufferTruncated, "a truncated read warns");
            Check(whole.Value == 5 && whole.GuardIntact, "a truncated read reports the whole size");
        }

        // JET_RETRIEVECOLUMN arrays: every row, two columns at a time.
        IntPtr idBuf = Marshal.AllocHGlobal(4), nameBuf = Marshal.AllocHGlobal(64);
        var rc = new JET_RETRIEVECOLUMN[2];
        rc[0] = new JET_RETRIEVECOLUMN { columnid = idCol, pvData = idBuf, cbData = 4, itagSequence = 1 };
        rc[1] = new JET_RETRIEVECOLUMN { columnid = nameCol, pvData = nameBuf, cbData = 64, itagSequence = 1 };
        var seen = new StringBuilder();
        int rows = 0;
        for (int err = Esent.JetMove(ses, table, JET_MoveFirst, 0); err >= 0; err = Esent.JetMove(ses, table, JET_MoveNext, 0)) {
            Ok(Esent.JetRetrieveColumns(ses, table, rc, 2), "JetRetrieveColumns");
            Check(rc[0].err == 0 && rc[0].cbActual == 4 && rc[1].err == 0, "JET_RETRIEVECOLUMN results");
            seen.Append(Marshal.ReadInt32(idBuf)).Append(':').Append(Marshal.PtrToStringAnsi(nameBuf, (int)rc[1].cbActual)).Append(' ');
            rows++;
        }
        Check(rows == 3 && seen.ToString() == "1:ada 2:grace 3:edsger ", "rows in key order: " + seen);
        Check(Esent.JetMove(ses, table, JET_MoveNext, 0) == JET_errNoCurrentRecord, "past the last row");
        Marshal.FreeHGlobal(idBuf);
        Marshal.FreeHGlobal(nameBuf);

        // Escrow: two increments, the old values and the guarded size.
        Ok(Esent.JetMakeKey(ses, table, Int(1), 4, JET_bitNewKey), "JetMakeKey 1");
        Ok(Esent.JetSeek(ses, table, JET_bitSeekEQ), "JetSeek 1");
        Ok(Esent.JetBeginTransaction(ses), "JetBeginTransaction escrow");
        var old = new byte[4];
        using (var cbOld = new Slot()) {
            Ok(Esent.JetEscrowUpdate(ses, table, visitsCol, Int(5), 4, old, 4, cbOld.Ptr, 0), "JetEscrowUpdate");
            Check(BitConverter.ToInt32(old, 0) == 0 && cbOld.Value == 4 && cbOld.GuardIntact, "the first old value");
        }
        Ok(Esent.JetEscrowUpdate(ses, table, visitsCol, Int(2), 4, old, 4, IntPtr.Zero, 0), "JetEscrowUpdate 2");
        Check(BitConverter.ToInt32(old, 0) == 5, "the second old value");
        Ok(Esent.JetCommitTransaction(ses, 0), "JetCommitTransaction escrow");
        Ok(Esent.JetRetrieveColumn(ses, table, visitsCol, buf, 4, IntPtr.Zero, 0, IntPtr.Zero), "JetRetrieveColumn visits");
        Check(BitConverter.ToInt32(buf, 0) == 7, "the counter holds both deltas");

        // A temporary table sorted by its key column.
        var tdefs = new JET_COLUMNDEF[2];
        tdefs[0] = new JET_COLUMNDEF { cbStruct = 28, coltyp = JET_coltypLong, grbit = 0x40 /* JET_bitColumnTTKey */ };
        tdefs[1] = new JET_COLUMNDEF { cbStruct = 28, coltyp = JET_coltypLongText };
        var tids = new uint[2];
        IntPtr tt;
        Ok(Esent.JetOpenTempTable(ses, tdefs, 2, JET_bitTTIndexed, out tt, tids), "JetOpenTempTable");
        foreach (int k in new[] { 30, 10, 20 }) {
            Ok(Esent.JetPrepareUpdate(ses, tt, JET_prepInsert), "temp insert");
            Ok(Esent.JetSetColumn(ses, tt, tids[0], Int(k), 4, 0, IntPtr.Zero), "temp key");
            byte[] v = Encoding.ASCII.GetBytes("v" + k);
            Ok(Esent.JetSetColumn(ses, tt, tids[1], v, (uint)v.Length, 0, IntPtr.Zero), "temp value");
            Ok(Esent.JetUpdate(ses, tt, null, 0, IntPtr.Zero), "temp update");
        }
        var order = new StringBuilder();
        for (int err = Esent.JetMove(ses, tt, JET_MoveFirst, 0); err >= 0; err = Esent.JetMove(ses, tt, JET_MoveNext, 0)) {
            Ok(Esent.JetRetrieveColumn(ses, tt, tids[0], buf, 4, IntPtr.Zero, 0, IntPtr.Zero), "temp retrieve");
            order.Append(BitConverter.ToInt32(buf, 0)).Append(' ');
        }
        Check(order.ToString() == "10 20 30 ", "the temporary table in key order: " + order);
        Ok(Esent.JetCloseTable(ses, tt), "JetCloseTable temp");

        Ok(Esent.JetCloseTable(ses, table), "JetCloseTable");
        Ok(Esent.JetEndSession(ses, 0), "JetEndSession");
        Ok(Esent.JetTerm(inst), "JetTerm");
        if (failures != 0) return 1;
        Console.WriteLine("EsentClient: esent.dll's interface from .NET, every check and guard intact");
        return 0;
    }
}
