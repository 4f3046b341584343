import Promise from 'bluebird';

export function later(value) {
  return Promise.delay(10).return(value);
}
