function Temperature(celsius) {
  this.celsius = celsius;
}

Object.defineProperty(Temperature.prototype, 'fahrenheit', {
  get: function () {
    return this.celsius * 9 / 5 + 32;
  },
  set: function (value) {
    this.celsius = (value - 32) * 5 / 9;
  },
  configurable: true
});

/** Kelvin, read-only. */
Object.defineProperty(Temperature.prototype, 'kelvin', {
  get: function () {
    return this.celsius + 273.15;
  }
});

// enumerable accessors have no class twin
Object.defineProperty(Temperature.prototype, 'label', {
  enumerable: true,
  get: function () {
    return this.celsius + 'C';
  }
});

Temperature.prototype.warmer = function (delta) {
  return new Temperature(this.celsius + delta);
};

module.exports = Temperature;
