import Promise from 'bluebird';
import * as db from './db.js';

// what the es2022 stage hands over: imports, arrows, const
export function names(ids) {
  return Promise.map(ids, (id) => db.getAsync(id)).then((docs) => docs.map((d) => d.name)).tap((list) => {
    console.log(list.length);
  });
}

export const count = (ids) => Promise.try(() => ids.length).then((n) => n * 2);
