import Promise from 'bluebird';
import * as db from './db.js';

// what the es2022 stage hands over: imports, arrows, const
export async function names(ids) {
  const docs = await Promise.map(ids, (id) => db.getAsync(id));
  const list = await docs.map((d) => d.name);
  console.log(list.length);
  return list;
}

export const count = async ids => {
  const n = await ids.length;
  return n * 2;
};
