// The PouchDB server packages ship no types; Baoxue uses a few entry points of each.
declare module 'express-pouchdb';
declare module 'pouchdb-core';
declare module 'pouchdb-adapter-leveldb';
declare module 'pouchdb-adapter-http';
declare module 'pouchdb-mapreduce';
declare module 'pouchdb-replication';
declare module 'pouchdb-browser';
