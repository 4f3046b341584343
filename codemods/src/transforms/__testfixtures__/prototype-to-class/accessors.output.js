class Temperature {
  constructor(celsius) {
    this.celsius = celsius;
  }

  get fahrenheit() {
    return this.celsius * 9 / 5 + 32;
  }

  set fahrenheit(value) {
    this.celsius = (value - 32) * 5 / 9;
  }

  /** Kelvin, read-only. */
  get kelvin() {
    return this.celsius + 273.15;
  }

  warmer(delta) {
    return new Temperature(this.celsius + delta);
  }
}

// enumerable accessors have no class twin
Object.defineProperty(Temperature.prototype, 'label', {
  enumerable: true,
  get: function () {
    return this.celsius + 'C';
  }
});

module.exports = Temperature;
