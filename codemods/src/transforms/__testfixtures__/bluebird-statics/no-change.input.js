import Promise from 'bluebird';

export async function fine(x) {
  const y = await Promise.resolve(x);
  return Promise.all([y, x]);
}

export function plain(list) {
  return list.map(item => item * 2);
}
